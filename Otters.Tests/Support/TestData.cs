namespace Otters.Tests.Support;

/// <summary>Schemas and generated rows shared by tests.</summary>
internal static class TestData
{
    public static Schema Ticks() => new()
    {
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "volume", ColumnType.Int64 },
        { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
    };

    public static IEnumerable<IReadOnlyDictionary<string, object?>> TickRows(int count, int symbols = 4)
    {
        var start = new DateTime(2026, 1, 2, 14, 30, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            yield return new Dictionary<string, object?>
            {
                ["symbol"] = "S" + (i % symbols),
                ["price"] = 100.0 + i,
                ["volume"] = (long)i,
                ["timestamp"] = start.AddMilliseconds(i),
            };
        }
    }

    public static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> TickRowsAsync(int count, TimeSpan delayEvery = default, int every = int.MaxValue)
    {
        var i = 0;
        foreach (var row in TickRows(count))
        {
            if (delayEvery > TimeSpan.Zero && i > 0 && i % every == 0)
            {
                await Task.Delay(delayEvery);
            }

            i++;
            yield return row;
        }
    }

    public static string TempFile(string extension) =>
        Path.Combine(Path.GetTempPath(), "otters-tests", Guid.NewGuid().ToString("N") + extension);
}
