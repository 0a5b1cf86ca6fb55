using Otters.Tests.Support;

namespace Otters.Tests.Dataflow;

public sealed class DescribeTests
{
    [Fact]
    public void Describe_BranchingPipeline_ListsEveryEdgeWithItsSchema()
    {
        var p = new Pipeline(TestData.Ticks());
        var source = p.Source(TestData.TickRows(1), "ticks");
        var stage = source.Stage(new NoOpStage());
        stage.Sink(new MemorySink());
        source.Sink(Console.Out);

        var text = p.Describe();

        text.ShouldContain("source 'ticks'");
        text.ShouldContain("-> stage 'no_op': symbol: string, price: float64, volume: int64, timestamp: timestamp[us]");
        text.ShouldContain("-> sink 'memory'");
        text.ShouldContain("-> sink 'console'");
    }

    [Fact]
    public void Describe_Mermaid_IsAFlowchartWithLabelledEdges()
    {
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(1), "ticks");
        p.Stage(r => r, new Schema { { "signal", ColumnType.Float64 } }, "signal");
        p.Sink(new MemorySink());

        var mermaid = p.Describe(DescribeFormat.Mermaid);

        mermaid.ShouldStartWith("graph LR");
        mermaid.ShouldContain("n0([\"source 'ticks'\"])");
        mermaid.ShouldContain("n1 -->|\"symbol: string, price: float64, volume: int64, timestamp: timestamp[us], signal: float64\"| n2");
    }

    [Fact]
    public void Describe_SourceFeedingNoSink_IsAnError()
    {
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(1), "ticks");

        Should.Throw<InvalidOperationException>(() => p.Describe()).Message.ShouldContain("source 'ticks' feeds no sink");
    }

    [Fact]
    public void Merge_InputsOfDifferentSchemas_IsASchemaErrorNamingBoth()
    {
        var p = new Pipeline(TestData.Ticks());
        var a = p.Source(TestData.TickRows(1), "a");
        var b = p.Source(TestData.TickRows(1), "b").Stage(r => r, new Schema { { "x", ColumnType.Int64 } }, "adds_x");
        p.Merge(a, b).Sink(new MemorySink());

        var ex = Should.Throw<SchemaException>(() => p.Validate());
        ex.Message.ShouldContain("'a'");
        ex.Message.ShouldContain("'adds_x'");
    }
}
