using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class EmaStageTests : BuiltinStageTests
{
    // pandas' arithmetic is replayed operation by operation: equal bits, not merely close.
    private protected override (string Column, double Tolerance) Golden => ("ema", 0);

    private protected override string Output => "ema";

    private protected override BatchStage Create(string? by, KernelPath path) => new EmaStage("price", 5, by);

    private protected override BatchStage CreateOn(string on, string? output = null) => Otters.Builtins.Ema(on, 5, output: output);

    [Fact]
    public void Ema_SpanBelowOne_ThrowsArgumentOutOfRange() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Otters.Builtins.Ema("price", 0)).ParamName.ShouldBe("span");

    [Fact]
    public void Bind_SpanBelowOne_ThrowsNamingStageAndColumn() =>
        Should.Throw<SchemaException>(() => new EmaStage("price", 0).Bind(Ticks.Schema)).Message.ShouldContain("Stage 'ema' on column 'price' has span 0");

    [Fact]
    public void Process_NullRow_RepeatsPreviousAverage()
    {
        var schema = new Schema { { "x", ColumnType.Float64 } };
        var stage = Otters.Builtins.Ema("x", 3);
        stage.Bind(schema);
        var column = PrimitiveColumn<double>.Create(ColumnType.Float64, [0, 2, 0, 4], [true, false, true, false]);
        var result = stage.Process(new RecordBatch(schema, [column])).Column("ema");
        Enumerable.Range(0, 4).Select(result.GetValue).ShouldBe([null, 2.0, 2.0, 3.0]);
    }
}
