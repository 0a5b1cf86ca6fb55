using Otters.Tests.Support;

namespace Otters.Tests.Dataflow;

public sealed class BadRecordTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static IEnumerable<IReadOnlyDictionary<string, object?>> RowsWithBadPrices()
    {
        var i = 0;
        foreach (var row in TestData.TickRows(100))
        {
            var copy = new Dictionary<string, object?>(row);
            if (i++ % 10 == 3)
            {
                copy["price"] = "n/a";
            }

            yield return copy;
        }
    }

    [Fact]
    public async Task Fail_BadValue_ThrowsNamingFieldRowTypeAndValue()
    {
        var p = new Pipeline(TestData.Ticks());
        p.Source(RowsWithBadPrices(), "feed");
        p.Sink(new MemorySink());

        var ex = await Should.ThrowAsync<BadRecordException>(() => p.RunAsync().WaitAsync(s_timeout));

        ex.Message.ShouldContain("feed");
        ex.Message.ShouldContain("row 4");
        ex.Message.ShouldContain("'price'");
        ex.Message.ShouldContain("float64");
        ex.Message.ShouldContain("'n/a'");
    }

    [Fact]
    public async Task Skip_BadValues_AreDroppedAndCounted()
    {
        var sink = new MemorySink();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { OnBadRecord = BadRecordPolicy.Skip });
        p.Source(RowsWithBadPrices(), "feed");
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.RowCount.ShouldBe(90);
        var source = p.Metrics["feed"];
        source.RowsIn.ShouldBe(100);
        source.RowsOut.ShouldBe(90);
        source.RowsDropped.ShouldBe(10);
        sink.Column<long>("volume").ShouldNotContain(3);
    }

    [Fact]
    public async Task DeadLetter_BadValues_GoToTheDeadLetterSinkWithLocationAndRecord()
    {
        var sink = new MemorySink();
        var dead = new MemorySink();
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { OnBadRecord = BadRecordPolicy.DeadLetter });
        p.Source(RowsWithBadPrices(), "feed");
        p.Stage(row => row.Get<long>("volume") % 2 == 0 ? row : null, name: "evens");
        p.Sink(sink);
        p.DeadLetter(dead);

        await p.RunAsync().WaitAsync(s_timeout);

        dead.RowCount.ShouldBe(10);
        dead.Schema.ShouldBe(BadRecord.DeadLetterSchema);
        var first = dead.Rows[0];
        first["source"].ShouldBe("feed");
        first["location"].ShouldBe("row 4");
        ((string)first["error"]!).ShouldContain("'price'");
        ((string)first["record"]!).ShouldContain("n/a");

        // Accounting: every row is written, dropped on purpose, or dead-lettered.
        var metrics = p.Metrics;
        foreach (var node in metrics.Nodes)
        {
            node.RowsIn.ShouldBe(node.RowsOut + node.RowsDropped + node.RowsDeadLettered, node.Name);
        }

        metrics["feed"].RowsDeadLettered.ShouldBe(10);
        metrics["evens"].RowsDropped.ShouldBe(40);
        (sink.RowCount + metrics["evens"].RowsDropped + metrics["feed"].RowsDeadLettered).ShouldBe(100);
    }

    [Fact]
    public async Task DeadLetter_WithoutDeadLetterSink_IsABuildError()
    {
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { OnBadRecord = BadRecordPolicy.DeadLetter });
        p.Source(TestData.TickRows(1));
        p.Sink(new MemorySink());

        (await Should.ThrowAsync<InvalidOperationException>(() => p.RunAsync())).Message.ShouldContain("DeadLetter(");
    }

    [Fact]
    public void Options_Invalid_ThrowWhenThePipelineIsCreated()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 0 }))
            .Message.ShouldContain("BatchSize");
        Should.Throw<ArgumentOutOfRangeException>(() => new Pipeline(TestData.Ticks(), new PipelineOptions { Linger = TimeSpan.Zero }))
            .Message.ShouldContain("Linger");
    }

    [Fact]
    public async Task Options_EditedAfterCreation_DoNotReachThePipeline()
    {
        var options = new PipelineOptions { BatchSize = 7 };
        var sink = new MemorySink();
        var p = new Pipeline(TestData.Ticks(), options);
        options.BatchSize = 1000;
        p.Source(TestData.TickRows(21));
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.Batches.Select(b => b.Length).ShouldBe([7, 7, 7]);
    }
}
