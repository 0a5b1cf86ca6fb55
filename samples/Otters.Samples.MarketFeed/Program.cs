using System.Globalization;
using Otters;
using static Otters.Builtins;

// The seed example: a generated market feed -> rolling statistics per symbol -> a user signal
// -> outliers dropped -> results.csv. Usage: [rows] [output.csv]
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var output = args.Length > 1 ? args[1] : "results.csv";

var schema = new Schema
{
    { "symbol",    ColumnType.String },
    { "price",     ColumnType.Float64 },
    { "volume",    ColumnType.Int64 },
    { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
};

var p = new Pipeline(schema);
p.Source(ct => MarketFeed(rows, ct), name: "market_feed");      // an async generator of dictionaries
p.Stage(RollingMean(on: "price", window: 20, by: "symbol"));     // adds column "rolling_mean"
p.Stage(ZScore(on: "price", lookback: 100, by: "symbol"));       // adds column "zscore"
p.Stage(MySignal);                                               // row in, row out
p.Stage(DropOutliers);                                           // null drops the row
p.Sink(output);

var clock = System.Diagnostics.Stopwatch.StartNew();
await p.RunAsync();                                              // Ctrl+C drains and closes results.csv
Console.WriteLine(p.Describe());
Console.WriteLine(p.Metrics);
Console.WriteLine($"Wrote {output} in {clock.Elapsed.TotalSeconds:F2} s.");

// Long when the price is well above its rolling mean, short when well below.
static Row? MySignal(Row row)
{
    var z = row.Get<double?>("zscore");
    row["signal"] = z switch
    {
        > 1.5 => 1L,
        < -1.5 => -1L,
        _ => 0L,
    };
    return row;
}

// A tick more than six standard deviations out is a bad print, not a signal.
static Row? DropOutliers(Row row) =>
    row.Get<double?>("zscore") is { } z && Math.Abs(z) > 6 ? null : row;

static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> MarketFeed(
    int rows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
{
    string[] symbols = ["AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "IBM"];
    var random = new Random(42);
    var prices = symbols.Select((_, i) => 100.0 + (i * 25)).ToArray();
    var start = new DateTime(2026, 1, 2, 14, 30, 0, DateTimeKind.Utc);
    for (var i = 0; i < rows; i++)
    {
        var s = random.Next(symbols.Length);
        prices[s] *= 1 + ((random.NextDouble() - 0.5) * 0.002);
        var price = i % 50_000 == 49_999 ? prices[s] * 1.5 : prices[s];  // now and then a bad print
        yield return new Dictionary<string, object?>
        {
            ["symbol"] = symbols[s],
            ["price"] = Math.Round(price, 4),
            ["volume"] = (long)random.Next(1, 1000),
            ["timestamp"] = start.AddMilliseconds(i),
        };

        if (i % 10_000 == 0)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
