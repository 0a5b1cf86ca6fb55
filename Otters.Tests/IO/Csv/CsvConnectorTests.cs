using System.Globalization;
using Otters.Tests.IO.Parquet;
using Otters.Tests.Support;

namespace Otters.Tests.IO.Csv;

public sealed class CsvConnectorTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly List<string> _files = [];

    public void Dispose()
    {
        foreach (var file in _files.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Sink_ThenSource_RoundTripsNullsQuotingAndTimestamps()
    {
        var path = Temp();
        var rows = new List<IReadOnlyDictionary<string, object?>>
        {
            Row("AAPL", 1.5, 10, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234560)),
            Row("a,b \"quoted\"\nline", null, null, null),
            Row(string.Empty, double.NaN, -7, DateTime.UnixEpoch),
            Row(null, 1e-300, long.MaxValue, new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc)),
        };
        var write = new Pipeline(TestData.Ticks());
        write.Source(rows);
        write.Sink(path);
        await write.RunAsync().WaitAsync(s_timeout);

        var sink = new MemorySink();
        var read = new Pipeline(TestData.Ticks());
        read.Source(path);
        read.Sink(sink);
        await read.RunAsync().WaitAsync(s_timeout);

        sink.Column<string?>("symbol").ShouldBe(["AAPL", "a,b \"quoted\"\nline", string.Empty, null]);
        sink.Column<double?>("price").ShouldBe([1.5, null, double.NaN, 1e-300]);
        sink.Column<long?>("volume").ShouldBe([10L, null, -7L, long.MaxValue]);
        sink.Column<long?>("timestamp").ShouldBe([1767323045123456L, null, 0L, -1_000_000L]);
        File.ReadLines(path).First().ShouldBe("symbol,price,volume,timestamp");
        File.ReadAllText(path).ShouldContain("2026-01-02T03:04:05.123456Z");
    }

    [Fact]
    public async Task Sink_LargeBatches_FormattedInParallel_KeepRowOrder()
    {
        var path = Temp();
        var write = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 20_000 });
        write.Source(TestData.TickRows(50_001));
        write.Sink(path);
        await write.RunAsync().WaitAsync(s_timeout);

        var sink = await ReadAsync(path, TestData.Ticks());

        sink.Column<long>("volume").ShouldBe(Enumerable.Range(0, 50_001).Select(i => (long)i));
        sink.Column<double>("price").ShouldBe(Enumerable.Range(0, 50_001).Select(i => 100.0 + i));
    }

    [Fact]
    public async Task Source_TimestampColumn_ReadsIsoAndIntegersInItsUnit()
    {
        var path = Write(
            "symbol,price,volume,timestamp",
            "A,1,1,2026-01-02T03:04:05Z",
            "B,2,2,2026-01-02 03:04:05.5",
            "C,3,3,1767323045000001",
            "D,4,4,2026-01-02T04:04:05+01:00");
        var sink = await ReadAsync(path, TestData.Ticks());

        sink.Column<long>("timestamp").ShouldBe([1767323045000000L, 1767323045500000L, 1767323045000001L, 1767323045000000L]);
    }

    [Fact]
    public async Task Source_BadRowUnderFail_NamesFileLineAndColumn()
    {
        var path = Write("symbol,price,volume,timestamp", "A,1,1,0", "B,abc,2,0");
        var p = new Pipeline(TestData.Ticks());
        p.Source(path);
        p.Sink(new MemorySink());

        var ex = await Should.ThrowAsync<BadRecordException>(() => p.RunAsync().WaitAsync(s_timeout));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("line 3");
        ex.Message.ShouldContain("'price'");
        ex.Message.ShouldContain("'abc'");
    }

    [Fact]
    public async Task Source_BadRowsUnderDeadLetter_KeepTheRawLine()
    {
        var path = Write("symbol,price,volume,timestamp", "A,1,1,0", "B,abc,2,0", "C,3", "D,4,4,0");
        var sink = new MemorySink();
        var dead = new MemorySink();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { OnBadRecord = BadRecordPolicy.DeadLetter });
        p.Source(path);
        p.Sink(sink);
        p.DeadLetter(dead);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.Column<string>("symbol").ShouldBe(["A", "D"]);
        dead.Column<string>("location").ShouldBe(["line 3", "line 4"]);
        dead.Column<string>("record").ShouldBe(["B,abc,2,0", "C,3"]);
        ((string)dead.Rows[1]["error"]!).ShouldContain("2 fields");
    }

    [Fact]
    public async Task Source_WithoutSchema_InfersTypesFromTheHeaderAndRows()
    {
        var path = Write("symbol,price,volume,when,flag", "A,1,1,2026-01-02T03:04:05Z,true", "B,2.5,,2026-01-02T03:04:06Z,false");
        var sink = new MemorySink();
        var p = new Pipeline();
        p.Source(path);
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.Schema!.ToString().ShouldBe("symbol: string, price: float64, volume: int64, when: timestamp[us], flag: bool");
        sink.Column<long?>("volume").ShouldBe([1L, null]);
    }

    [Fact]
    public async Task Sink_IntegralDoubles_ReadBackWithoutSchemaAsFloat64()
    {
        var path = Temp();
        var write = new Pipeline(new Schema { { "price", ColumnType.Float64 } });
        write.Source(new[] { 203.0, -7.0, 0.0 }.Select(v => new Dictionary<string, object?> { ["price"] = v }));
        write.Sink(path);
        await write.RunAsync().WaitAsync(s_timeout);

        var sink = new MemorySink();
        var read = new Pipeline();
        read.Source(path);
        read.Sink(sink);
        await read.RunAsync().WaitAsync(s_timeout);

        File.ReadAllLines(path).ShouldBe(["price", "203.0", "-7.0", "0.0"]);
        sink.Schema!.ToString().ShouldBe("price: float64");
        sink.Column<double>("price").ShouldBe([203.0, -7.0, 0.0]);
    }

    [Fact]
    public async Task Sink_TimestampPastYear9999_WritesTheCountAndReadsItBack()
    {
        var path = Temp();
        var far = 253_402_300_800_000_000L; // 10000-01-01T00:00:00Z in microseconds: no four-digit year holds it.
        var write = new Pipeline(TestData.Ticks());
        write.Source([new Dictionary<string, object?> { ["symbol"] = "A", ["timestamp"] = far }]);
        write.Sink(path);
        await write.RunAsync().WaitAsync(s_timeout);

        var sink = await ReadAsync(path, TestData.Ticks());

        File.ReadAllLines(path)[1].ShouldBe($"A,,,{far}");
        sink.Column<long>("timestamp").ShouldBe([far]);
    }

    [Fact]
    public async Task Source_BadRowsAcrossBatches_KeepOrderAndLoseNoGoodRow()
    {
        var lines = new List<string> { "symbol,price,volume,timestamp" };
        for (var i = 0; i < 250; i++)
        {
            lines.Add(i % 7 == 3 ? $"S{i},x,{i},0" : $"S{i},{i}.25,{i},2026-01-02T03:04:05.{i:D6}Z");
        }

        var path = Write([.. lines]);
        var sink = new MemorySink();
        var dead = new MemorySink();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 16, OnBadRecord = BadRecordPolicy.DeadLetter });
        p.Source(path);
        p.Sink(sink);
        p.DeadLetter(dead);

        await p.RunAsync().WaitAsync(s_timeout);

        var good = Enumerable.Range(0, 250).Where(i => i % 7 != 3).ToList();
        sink.Column<string>("symbol").ShouldBe(good.Select(i => $"S{i}"));
        sink.Column<double>("price").ShouldBe(good.Select(i => i + 0.25));
        sink.Column<long>("timestamp").ShouldBe(good.Select(i => 1767323045000000L + i));
        dead.Column<string>("location").ShouldBe(Enumerable.Range(0, 250).Where(i => i % 7 == 3).Select(i => $"line {i + 2}"));
    }

    [Fact]
    public void Source_DeclaredColumnMissingFromFile_IsASchemaErrorNamingBoth()
    {
        var path = Write("symbol,price,volume", "A,1,1");
        var p = new Pipeline(TestData.Ticks());

        var ex = Should.Throw<SchemaException>(() => p.Source(path));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("'timestamp'");
        ex.Message.ShouldContain("symbol, price, volume");
    }

    [Fact]
    public async Task Sink_Cancelled_LeavesACompleteFile()
    {
        var path = Temp();
        using var stop = new CancellationTokenSource();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 100 });
        p.Source(Endless);
        var sinkNode = p.Sink(path);

        var run = p.RunAsync(stop.Token);
        while (p.Metrics[sinkNode.Name].RowsOut < 5_000)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await run.WaitAsync(s_timeout);

        var lines = File.ReadAllLines(path);
        lines[0].ShouldBe("symbol,price,volume,timestamp");
        lines.Skip(1).ShouldAllBe(l => l.Split(',').Length == 4 && l.EndsWith('Z'));
        (lines.Length - 1L).ShouldBe(p.Metrics[sinkNode.Name].RowsOut);

        static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Endless([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token = default)
        {
            while (true)
            {
                foreach (var row in TestData.TickRows(100))
                {
                    yield return row;
                }

                await Task.Delay(1, token);
            }
        }
    }

    [Fact]
    public async Task Sink_FileReadByDuckDbAndPolars_GivesEveryCellBack()
    {
        var path = Temp();
        var schema = new Schema
        {
            { "text", ColumnType.String },
            { "price", ColumnType.Float64 },
            { "volume", ColumnType.Int64 },
            { "flag", ColumnType.Boolean },
            { "at", ColumnType.Timestamp(TimeUnit.Microsecond) },
        };
        string?[] texts = ["AAPL", "a,b \"quoted\"\nline", string.Empty, null, " padded ", "naïve ✓", "x\r\ny"];
        var random = new Random(3);
        var rows = Enumerable.Range(0, 20_000).Select(i => new Dictionary<string, object?>
        {
            ["text"] = texts[i % texts.Length],
            ["price"] = i % 11 == 0 ? null : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 20)),
            ["volume"] = i % 13 == 0 ? null : random.NextInt64(long.MinValue, long.MaxValue),
            ["flag"] = i % 17 == 0 ? null : i % 2 == 0,
            ["at"] = i % 19 == 0 ? null : new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(0, 2_000_000_000_000_000_000) / 10 * 10),
        }).ToList();
        var write = new Pipeline(schema, new PipelineOptions { BatchSize = 9_000 });
        write.Source(rows);
        write.Sink(path);
        await write.RunAsync().WaitAsync(s_timeout);

        using var read = NodeReadBack.RunScript(
            "read-back-csv.mjs", path, """{"text":"string","price":"float64","volume":"int64","flag":"boolean","at":"timestamp"}""");

        foreach (var engine in new[] { "duckdb", "polars" })
        {
            var cells = read.RootElement.GetProperty(engine).GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()).ToArray()).ToList();
            cells.Count.ShouldBe(rows.Count, engine);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var context = $"{engine}, row {i}";
                cells[i][0].ShouldBe((string?)row["text"], context);
                (cells[i][1] is null ? (double?)null : NodeReadBack.ParseDouble(cells[i][1]!)).ShouldBe((double?)row["price"], context);
                cells[i][2].ShouldBe(((long?)row["volume"])?.ToString(CultureInfo.InvariantCulture), context);
                cells[i][3].ShouldBe(((bool?)row["flag"])?.ToString().ToLowerInvariant(), context);
                cells[i][4].ShouldBe(row["at"] is DateTime at ? ((at - DateTime.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture) : null, context);
            }
        }
    }

    [Fact]
    public async Task Source_TextFullOfSemicolons_StillSplitsOnCommas()
    {
        var path = Write("symbol,price", "a;b;c;d,1.5", "e;f;g;h,2.5", "i;j;k;l,3.5");
        var schema = new Schema { { "symbol", ColumnType.String }, { "price", ColumnType.Float64 } };

        var sink = await ReadAsync(path, schema);

        sink.Column<string>("symbol").ShouldBe(["a;b;c;d", "e;f;g;h", "i;j;k;l"]);
        sink.Column<double>("price").ShouldBe([1.5, 2.5, 3.5]);
    }

    [Fact]
    public void Sink_UnknownExtension_SaysWhichTargetsWork()
    {
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(1));

        Should.Throw<ArgumentException>(() => p.Sink("out.xlsx")).Message.ShouldContain(".csv");
    }

    private static IReadOnlyDictionary<string, object?> Row(string? symbol, double? price, long? volume, DateTime? timestamp) =>
        new Dictionary<string, object?> { ["symbol"] = symbol, ["price"] = price, ["volume"] = volume, ["timestamp"] = timestamp };

    private static async Task<MemorySink> ReadAsync(string path, Schema schema)
    {
        var sink = new MemorySink();
        var p = new Pipeline(schema);
        p.Source(path);
        p.Sink(sink);
        await p.RunAsync().WaitAsync(s_timeout);
        return sink;
    }

    private string Temp()
    {
        var path = TestData.TempFile(".csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _files.Add(path);
        return path;
    }

    private string Write(params string[] lines)
    {
        var path = Temp();
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}
