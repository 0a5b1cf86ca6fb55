using System.Globalization;
using System.Text.Json;
using Otters.IO.Arrow;

namespace Otters.Tests.IO.Arrow;

/// <summary>Sample batches and helpers to compare cells across Otters and apache-arrow.</summary>
internal static class ArrowTestData
{
    public static Schema TickSchema => new()
    {
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "volume", ColumnType.Int64 },
        { "ts", ColumnType.Timestamp(TimeUnit.Microsecond) },
        { "level", ColumnType.Int32 },
        { "buy", ColumnType.Boolean },
    };

    /// <summary>A batch of <paramref name="rows"/> rows with nulls in every column and values at the types' edges.</summary>
    public static RecordBatch Ticks(int rows, int seed = 0)
    {
        var builder = new RecordBatchBuilder(TickSchema, rows);
        var symbols = (StringColumnBuilder)builder.Builder(0);
        var prices = (PrimitiveColumnBuilder<double>)builder.Builder(1);
        var volumes = (PrimitiveColumnBuilder<long>)builder.Builder(2);
        var stamps = (PrimitiveColumnBuilder<long>)builder.Builder(3);
        var levels = (PrimitiveColumnBuilder<int>)builder.Builder(4);
        var buys = (BooleanColumnBuilder)builder.Builder(5);
        for (var i = 0; i < rows; i++)
        {
            var k = i + seed;
            if (k % 7 == 3) { symbols.AppendNull(); } else { symbols.Append(k % 5 == 0 ? "" : $"SYM{k % 13}-ü✓"); }
            if (k % 5 == 2) { prices.AppendNull(); } else { prices.Append(k % 11 == 0 ? double.MaxValue : (k * 0.1) - 3.3); }
            if (k % 6 == 1) { volumes.AppendNull(); } else { volumes.Append(k % 9 == 0 ? long.MinValue + k : 9007199254740993L * k); }
            if (k % 4 == 3) { stamps.AppendNull(); } else { stamps.Append(1709303400000001L + (k * 1_000_003L) - (k % 3 == 0 ? 3_000_000_000_000_000L : 0)); }
            if (k % 8 == 5) { levels.AppendNull(); } else { levels.Append(k % 10 == 0 ? int.MinValue : k); }
            if (k % 3 == 2) { buys.AppendNull(); } else { buys.Append(k % 2 == 0); }
        }

        return builder.Build();
    }

    /// <summary>The cells of batches as JSON-comparable strings, row by row: "null", numbers invariant, strings quoted.</summary>
    public static List<string[]> Cells(IEnumerable<RecordBatch> batches)
    {
        var rows = new List<string[]>();
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                rows.Add(batch.Columns.Select(c => Format(c.GetValue(r))).ToArray());
            }
        }

        return rows;
    }

    /// <summary>The rows of a dump-arrow.mjs JSON document, in the same form as <see cref="Cells"/>.</summary>
    public static List<string[]> Cells(JsonElement dump, Schema schema)
    {
        var rows = new List<string[]>();
        foreach (var row in dump.GetProperty("rows").EnumerateArray())
        {
            rows.Add(schema.Select(f => FormatJson(row.GetProperty(f.Name), f.Type)).ToArray());
        }

        return rows;
    }

    public static async Task<List<RecordBatch>> ReadAllAsync(ISource source, Schema? declared = null)
    {
        var context = new SourceContext(declared ?? source.Schema!, "test");
        var batches = new List<RecordBatch>();
        await foreach (var batch in source.ReadAsync(context))
        {
            batches.Add(batch);
        }

        return batches;
    }

    public static ISource Source(string path) =>
        path.EndsWith(".arrows", StringComparison.Ordinal) ? new ArrowStreamSource(path) : new ArrowFileSource(path);

    public static ISink Sink(string path) =>
        path.EndsWith(".arrows", StringComparison.Ordinal) ? new ArrowStreamSink(path) : new ArrowFileSink(path);

    public static async Task WriteAsync(string path, Schema schema, params RecordBatch[] batches)
    {
        var sink = Sink(path);
        await sink.OpenAsync(schema);
        foreach (var batch in batches)
        {
            await sink.WriteAsync(batch);
        }

        await sink.CloseAsync();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static string FormatJson(JsonElement value, ColumnType type) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String when type == ColumnType.String => JsonSerializer.Serialize(value.GetString()),
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number when type == ColumnType.Float64 => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };
}
