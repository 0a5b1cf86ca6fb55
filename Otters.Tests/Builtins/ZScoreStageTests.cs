using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class ZScoreStageTests : BuiltinStageTests
{
    private protected override (string Column, double Tolerance) Golden => ("zscore", 1e-9);

    private protected override string Output => "zscore";

    private protected override BatchStage Create(string? by, KernelPath path) => new ZScoreStage("price", 10, by) { Path = path };

    private protected override BatchStage CreateOn(string on, string? output = null) => Otters.Builtins.ZScore(on, 10, output: output);

    [Fact]
    public void ZScore_LookbackBelowOne_ThrowsArgumentOutOfRange() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Otters.Builtins.ZScore("price", 0)).ParamName.ShouldBe("lookback");

    [Fact]
    public void Process_ZeroStd_IsNull()
    {
        var schema = new Schema { { "x", ColumnType.Float64 } };
        var stage = Otters.Builtins.ZScore("x", 2);
        stage.Bind(schema);
        var result = stage.Process(new RecordBatch(schema, [PrimitiveColumn<double>.Create(ColumnType.Float64, [1, 3, 3])])).Column("zscore");
        Enumerable.Range(0, 3).Select(result.GetValue).ShouldBe([null, 1 / Math.Sqrt(2), null]);
    }
}
