using System.Globalization;
using System.Text;

namespace Otters.Benchmarks.EndToEnd;

/// <summary>Writes a deterministic tick CSV: 8 symbols on random walks, volumes, microsecond timestamps.</summary>
internal static class TickFile
{
    public static Schema Schema { get; } = new()
    {
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "volume", ColumnType.Int64 },
        { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
    };

    /// <summary>The same columns with the timestamp left as text, as nodejs-polars reads it without date parsing.</summary>
    public static Schema TextSchema { get; } = new()
    {
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "volume", ColumnType.Int64 },
        { "timestamp", ColumnType.String },
    };

    public static void Write(string path, int rows)
    {
        string[] symbols = ["AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "IBM"];
        var prices = symbols.Select((_, i) => 100.0 + (i * 50)).ToArray();
        var random = new Random(20261121);
        var start = new DateTime(2026, 1, 2, 14, 30, 0, DateTimeKind.Utc);
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write("symbol,price,volume,timestamp\n");
            for (var i = 0; i < rows; i++)
            {
                var s = random.Next(symbols.Length);
                prices[s] = Math.Max(1, prices[s] * (1 + ((random.NextDouble() - 0.5) * 0.002)));
                var time = start.AddTicks(i * 5L * TimeSpan.TicksPerMillisecond);
                writer.Write(symbols[s]);
                writer.Write(',');
                writer.Write(Math.Round(prices[s], 4).ToString("R", CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(random.Next(1, 5000).ToString(CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }

        File.Move(temp, path, overwrite: true);
    }
}
