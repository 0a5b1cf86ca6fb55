using Otters.Tests.Support;

namespace Otters.Tests.Dataflow;

public sealed class PipelineTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_DictionarySourceRowStage_WritesEveryRowWithInferredColumn()
    {
        var sink = new MemorySink();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 100 });
        p.Source(() => TestData.TickRowsAsync(1000));
        p.Stage(row =>
        {
            row["signal"] = row.Get<double>("price") > 600 ? 1 : 0;
            return row;
        });
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.RowCount.ShouldBe(1000);
        sink.Schema!.IndexOf("signal").ShouldBe(4);
        sink.Schema["signal"].Type.ShouldBe(ColumnType.Int64);
        sink.Column<long>("signal").Count(s => s == 1).ShouldBe(499);
        sink.Column<long>("volume").ShouldBe(Enumerable.Range(0, 1000).Select(i => (long)i));
        sink.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_RowStageReturningNull_DropsRowsAndCountsThem()
    {
        var sink = new MemorySink();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 64 });
        p.Source(TestData.TickRows(500));
        p.Stage(row => row.Get<long>("volume") % 5 == 0 ? null : row, name: "drop_fifths");
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.RowCount.ShouldBe(400);
        var stage = p.Metrics["drop_fifths"];
        stage.RowsIn.ShouldBe(500);
        stage.RowsOut.ShouldBe(400);
        stage.RowsDropped.ShouldBe(100);
    }

    public sealed record Trade(string Symbol, double Price, long Volume, DateTime Timestamp);

    [Fact]
    public async Task RunAsync_RecordSourceWithoutSchema_InfersSchemaFromProperties()
    {
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var trades = Enumerable.Range(0, 10).Select(i => new Trade("X", i * 1.5, i, start.AddSeconds(i))).ToList();
        var sink = new MemorySink();
        var p = new Pipeline();
        p.Source(trades);
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.Schema!.ToString().ShouldBe("symbol: string, price: float64, volume: int64, timestamp: timestamp[us]");
        sink.Column<double>("price").ShouldBe(trades.Select(t => t.Price));
        sink.Column<DateTime>("timestamp").ShouldBe(trades.Select(t => t.Timestamp));
        sink.Batches.SelectMany(b => b.ToObjects<Trade>()).ShouldBe(trades);
    }

    [Fact]
    public async Task RunAsync_RecordSourceWithDeclaredSchema_MapsPropertiesByName()
    {
        var trades = Enumerable.Range(0, 5).Select(i => new Trade("Y", i, i * 10, DateTime.UnixEpoch.AddSeconds(i)));
        var sink = new MemorySink();
        var p = new Pipeline(TestData.Ticks());
        p.Source(ToAsync(trades));
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.Column<long>("timestamp").ShouldBe([0L, 1_000_000L, 2_000_000L, 3_000_000L, 4_000_000L]);
    }

    [Fact]
    public async Task RunAsync_SlowSink_BoundsHowFarTheSourceRunsAhead()
    {
        const int batchSize = 10;
        const int capacity = 2;
        var produced = 0L;
        var sink = new SlowSink(TimeSpan.FromMilliseconds(2));
        var maxAhead = 0L;
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = batchSize, BoundedCapacity = capacity });
        p.Source(Produce);
        p.Stage(new NoOpStage());
        p.Stage(row => row);
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.Rows.ShouldBe(3000);

        // Each bounded block holds at most `capacity` batches (a TransformBlock counts input and output
        // together), plus one batch being sent by each producer and one being built by the source.
        const long bound = ((3 * capacity) + 4) * batchSize;
        maxAhead.ShouldBeLessThanOrEqualTo(bound);
        maxAhead.ShouldBeGreaterThan(batchSize);

        async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Produce()
        {
            foreach (var row in TestData.TickRows(3000))
            {
                var ahead = Interlocked.Increment(ref produced) - sink.Rows;
                maxAhead = Math.Max(maxAhead, ahead);
                yield return row;
            }

            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task RunAsync_TricklingSource_ReachesSinkWithinLinger()
    {
        var linger = TimeSpan.FromMilliseconds(100);
        var firstRowAt = new TaskCompletionSource<TimeSpan>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 1000, Linger = linger });
        p.Source(Trickle);
        p.Sink(_ => firstRowAt.TrySetResult(clock.Elapsed));

        var run = p.RunAsync(stop.Token);
        var arrived = await firstRowAt.Task.WaitAsync(s_timeout);
        await stop.CancelAsync();
        await run.WaitAsync(s_timeout);

        arrived.ShouldBeLessThan(linger + TimeSpan.FromMilliseconds(900));

        async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Trickle([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token = default)
        {
            foreach (var row in TestData.TickRows(1000))
            {
                yield return row;
                await Task.Delay(TimeSpan.FromSeconds(5), token);
            }
        }
    }

    [Fact]
    public async Task RunAsync_FanOutWithOneSlowBranch_EveryBranchGetsEveryRowInOrder()
    {
        var fast = new MemorySink();
        var slow = new SlowSink(TimeSpan.FromMilliseconds(3));
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 16, BoundedCapacity = 1 });
        var source = p.Source(TestData.TickRows(2000));
        source.Stage(new NoOpStage()).Sink(fast);
        source.Sink(slow);

        await p.RunAsync().WaitAsync(s_timeout);

        fast.Column<long>("volume").ShouldBe(Enumerable.Range(0, 2000).Select(i => (long)i));
        slow.Volumes.ShouldBe(Enumerable.Range(0, 2000).Select(i => (long)i));
    }

    [Fact]
    public async Task RunAsync_MergedSources_CompletesOnlyWhenEverySourceIsDone()
    {
        var sink = new MemorySink();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 10, Linger = TimeSpan.FromMilliseconds(10) });
        var quick = p.Source(TestData.TickRows(5), "quick");
        var slow = p.Source(() => TestData.TickRowsAsync(200, TimeSpan.FromMilliseconds(20), every: 20), "slow");
        p.Merge(quick, slow).Stage(new NoOpStage()).Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.RowCount.ShouldBe(205);
        p.Metrics["quick"].RowsOut.ShouldBe(5);
        p.Metrics["slow"].RowsOut.ShouldBe(200);
    }

    [Fact]
    public async Task RunAsync_ConsecutiveSources_MergeIntoTheNextStage()
    {
        var sink = new MemorySink();
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(30), "a");
        p.Source(() => TestData.TickRowsAsync(70, TimeSpan.FromMilliseconds(5), every: 10), "b");
        p.Stage(r => r);
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.RowCount.ShouldBe(100);
    }

    [Fact]
    public async Task RunAsync_RowStageThrows_EndsPromptlyNamingStageAndRowAndClosesSinks()
    {
        var sink = new SlowSink(TimeSpan.FromMilliseconds(1));
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 8, BoundedCapacity = 1 });
        p.Source(() => TestData.TickRowsAsync(1_000_000));
        p.Stage(r => r.Get<long>("volume") == 500 ? throw new InvalidOperationException("bad tick") : r, name: "explode");
        p.Sink(sink);

        var ex = await Should.ThrowAsync<StageException>(() => p.RunAsync().WaitAsync(s_timeout));

        ex.Message.ShouldContain("'explode'");
        ex.Message.ShouldContain("row 500");
        ex.Message.ShouldContain("bad tick");
        ex.Stage.ShouldBe("explode");
        sink.Closed.ShouldBeTrue();
        p.Metrics["explode"].RowsIn.ShouldBeLessThan(1_000_000);
    }

    [Fact]
    public async Task RunAsync_SinkThrows_EndsPromptlyAndClosesOtherSinks()
    {
        var other = new MemorySink();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 8, BoundedCapacity = 1 });
        var source = p.Source(() => TestData.TickRowsAsync(1_000_000));
        source.Sink(new FailingSink(failOnBatch: 3));
        source.Sink(other);

        var ex = await Should.ThrowAsync<IOException>(() => p.RunAsync().WaitAsync(s_timeout));

        ex.Message.ShouldBe("disk full");
        other.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_SourceThrows_FaultsTheRun()
    {
        var p = new Pipeline(TestData.Ticks());
        p.Source(Broken);
        p.Sink(new MemorySink());

        var ex = await Should.ThrowAsync<InvalidDataException>(() => p.RunAsync().WaitAsync(s_timeout));
        ex.Message.ShouldBe("feed broke");

        static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Broken()
        {
            await Task.Yield();
            yield return TestData.TickRows(1).First();
            throw new InvalidDataException("feed broke");
        }
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsSourcesDrainsAndClosesSinks()
    {
        using var stop = new CancellationTokenSource();
        var sink = new MemorySink();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 50 });
        p.Source(() => Endless());
        p.Sink(sink);

        var run = p.RunAsync(stop.Token);
        while (sink.RowCount < 500)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await run.WaitAsync(s_timeout);

        sink.IsClosed.ShouldBeTrue();
        p.Metrics[p.Metrics.Nodes[0].Name].RowsOut.ShouldBe(sink.RowCount);

        static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Endless([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token = default)
        {
            var i = 0;
            while (true)
            {
                foreach (var row in TestData.TickRows(100))
                {
                    yield return row;
                }

                if (++i % 10 == 0)
                {
                    await Task.Delay(1, token);
                }
            }
        }
    }

    [Fact]
    public async Task RunAsync_StageOnMissingColumn_FailsBeforeDataFlowsNamingStageAndColumn()
    {
        var pulled = false;
        var p = new Pipeline(TestData.Ticks());
        p.Source(() => Watch());
        p.Stage(new ReadsColumnStage("prcie"));
        p.Sink(new MemorySink());

        var ex = await Should.ThrowAsync<SchemaException>(() => p.RunAsync());

        ex.Message.ShouldContain("'reads_column'");
        ex.Message.ShouldContain("'prcie'");
        pulled.ShouldBeFalse();

        async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Watch()
        {
            pulled = true;
            await Task.Yield();
            yield break;
        }
    }

    [Fact]
    public async Task RunAsync_Twice_ThrowsAndAddingAfterwardsThrows()
    {
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(3));
        p.Sink(new MemorySink());
        await p.RunAsync().WaitAsync(s_timeout);

        (await Should.ThrowAsync<InvalidOperationException>(() => p.RunAsync())).Message.ShouldContain("already run");
        Should.Throw<InvalidOperationException>(() => p.Sink(new MemorySink())).Message.ShouldContain("already run");
    }

    [Fact]
    public async Task RunAsync_AsyncRowStage_AwaitsEachRow()
    {
        var sink = new MemorySink();
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(20));
        p.Stage(async row =>
        {
            await Task.Yield();
            row["doubled"] = row.Get<double>("price") * 2;
            return row;
        });
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.Column<double>("doubled").ShouldBe(Enumerable.Range(0, 20).Select(i => (100.0 + i) * 2));
    }

    [Fact]
    public async Task RunAsync_CallbackSinks_SeeEveryRow()
    {
        var seen = new List<string>();
        var seenAsync = 0;
        var p = new Pipeline(TestData.Ticks());
        var source = p.Source(TestData.TickRows(10));
        source.Sink(row => seen.Add(row.Get<string>("symbol")));
        source.Sink(async row =>
        {
            await Task.Yield();
            Interlocked.Increment(ref seenAsync);
        });

        await p.RunAsync().WaitAsync(s_timeout);

        seen.Count.ShouldBe(10);
        seen[1].ShouldBe("S1");
        seenAsync.ShouldBe(10);
    }

    [Fact]
    public async Task RunAsync_TextWriterSink_PrintsHeaderAndRows()
    {
        var text = new StringWriter();
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(2));
        p.Sink(text);

        await p.RunAsync().WaitAsync(s_timeout);

        text.ToString().ReplaceLineEndings("\n").ShouldBe(
            "symbol,price,volume,timestamp\nS0,100,0,2026-01-02T14:30:00Z\nS1,101,1,2026-01-02T14:30:00.001Z\n");
    }

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
