using System.Globalization;

namespace Otters.Tests.Builtins;

/// <summary>The golden tick set (Fixtures/builtins/ticks.csv, made by make_golden.py) and pandas' expected outputs.</summary>
internal sealed class Ticks
{
    private static readonly Lazy<Ticks> s_instance = new(Load);

    private Ticks(string?[] symbol, double?[] price, long?[] volume)
    {
        Symbol = symbol;
        Price = price;
        Volume = volume;
    }

    public static Ticks Instance => s_instance.Value;

    public static Schema Schema { get; } = new()
    {
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "volume", ColumnType.Int64 },
    };

    public string?[] Symbol { get; }

    public double?[] Price { get; }

    public long?[] Volume { get; }

    public int Length => Price.Length;

    public static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "builtins", file);

    /// <summary>Returns one column of an expected_*.csv as cells ("" = null).</summary>
    public static string[] Expected(bool bySymbol, string column)
    {
        var lines = File.ReadAllLines(FixturePath(bySymbol ? "expected_by_symbol.csv" : "expected_global.csv"));
        var index = Array.IndexOf(lines[0].Split(','), column);
        index.ShouldBeGreaterThanOrEqualTo(0, $"no column {column}");
        return lines.Skip(1).Select(l => l.Split(',')[index]).ToArray();
    }

    public static double ParseDouble(string cell) => cell switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(cell, CultureInfo.InvariantCulture),
    };

    /// <summary>Cuts the ticks into batches of the given size (0 = random sizes from 1 to 300).</summary>
    public IEnumerable<RecordBatch> Batches(int size, int seed = 7)
    {
        var random = new Random(seed);
        for (var start = 0; start < Length;)
        {
            var n = Math.Min(size > 0 ? size : random.Next(1, 300), Length - start);
            var builder = new RecordBatchBuilder(Schema, n);
            for (var i = start; i < start + n; i++)
            {
                builder.Append(new Dictionary<string, object?> { ["symbol"] = Symbol[i], ["price"] = Price[i], ["volume"] = Volume[i] });
            }

            yield return builder.Build();
            start += n;
        }
    }

    /// <summary>
    /// Returns the row order that puts each symbol's rows together (in their original order, null symbols
    /// last): per symbol the sequence of values is unchanged, so keyed results must be the same rows' results.
    /// </summary>
    public int[] OrderBySymbol() =>
        [.. Enumerable.Range(0, Length).OrderBy(i => Symbol[i] is null ? 1 : 0).ThenBy(i => Symbol[i], StringComparer.Ordinal).ThenBy(i => i)];

    /// <summary>Cuts the ticks, taken in <paramref name="order"/>, into batches of the given size.</summary>
    public IEnumerable<RecordBatch> Batches(int[] order, int size)
    {
        for (var start = 0; start < order.Length; start += size)
        {
            var n = Math.Min(size, order.Length - start);
            var builder = new RecordBatchBuilder(Schema, n);
            foreach (var i in order.AsSpan(start, n))
            {
                builder.Append(new Dictionary<string, object?> { ["symbol"] = Symbol[i], ["price"] = Price[i], ["volume"] = Volume[i] });
            }

            yield return builder.Build();
        }
    }

    private static Ticks Load()
    {
        var lines = File.ReadAllLines(FixturePath("ticks.csv")).Skip(1).ToArray();
        var symbol = new string?[lines.Length];
        var price = new double?[lines.Length];
        var volume = new long?[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            symbol[i] = cells[0].Length == 0 ? null : cells[0];
            price[i] = cells[1].Length == 0 ? null : ParseDouble(cells[1]);
            volume[i] = cells[2].Length == 0 ? null : long.Parse(cells[2], CultureInfo.InvariantCulture);
        }

        return new Ticks(symbol, price, volume);
    }
}
