using Otters;

// The seed example: a generated async market feed -> a user signal -> results.csv.
var schema = new Schema
{
    { "symbol", ColumnType.String },
    { "price", ColumnType.Float64 },
    { "volume", ColumnType.Int64 },
    { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
};

var rows = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
var output = args.Length > 1 ? args[1] : "results.csv";

var p = new Pipeline(schema);
p.Source(() => MarketFeed(rows));
p.Stage(MySignal);
p.Sink(output);
var started = System.Diagnostics.Stopwatch.StartNew();
await p.RunAsync();
Console.WriteLine(p.Describe());
Console.WriteLine(p.Metrics);
Console.WriteLine($"Wrote {p.Metrics[output is null ? "" : $"csv {output}"].RowsOut} rows to {output} in {started.Elapsed.TotalSeconds:F2} s.");

static Row? MySignal(Row row)
{
    var price = row.Get<double>("price");
    row["signal"] = price > 100 ? 1 : 0;
    return row;
}

static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> MarketFeed(int rows)
{
    string[] symbols = ["AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "BRK.B"];
    var random = new Random(42);
    var prices = symbols.Select(_ => 100.0).ToArray();
    var start = new DateTime(2026, 1, 2, 14, 30, 0, DateTimeKind.Utc);
    for (var i = 0; i < rows; i++)
    {
        var s = i % symbols.Length;
        prices[s] *= 1 + (random.NextDouble() - 0.5) * 0.002;
        yield return new Dictionary<string, object?>
        {
            ["symbol"] = symbols[s],
            ["price"] = Math.Round(prices[s], 4),
            ["volume"] = (long)random.Next(1, 1000),
            ["timestamp"] = start.AddMilliseconds(i),
        };
        if (i % 65_536 == 0)
        {
            await Task.Yield();
        }
    }
}
