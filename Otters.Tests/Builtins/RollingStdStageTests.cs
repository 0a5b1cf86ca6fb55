using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class RollingStdStageTests : BuiltinStageTests
{
    private protected override (string Column, double Tolerance) Golden => ("rolling_std", 1e-10);

    private protected override string Output => "rolling_std";

    private protected override BatchStage Create(string? by, KernelPath path) => new RollingStdStage("price", 5, by) { Path = path };

    private protected override BatchStage CreateOn(string on, string? output = null) => Otters.Builtins.RollingStd(on, 5, output: output);

    [Fact]
    public void Process_WindowOfOne_IsNullLikePandasNaN()
    {
        var schema = new Schema { { "x", ColumnType.Float64 } };
        var stage = Otters.Builtins.RollingStd("x", 1);
        stage.Bind(schema);
        var result = stage.Process(new RecordBatch(schema, [PrimitiveColumn<double>.Create(ColumnType.Float64, [1, 2, 3])])).Column("rolling_std");
        result.NullCount.ShouldBe(3);
    }

    [Fact]
    public void Process_ConstantWindow_IsExactlyZero()
    {
        var schema = new Schema { { "x", ColumnType.Float64 } };
        var stage = Otters.Builtins.RollingStd("x", 3);
        stage.Bind(schema);
        var result = stage.Process(new RecordBatch(schema, [PrimitiveColumn<double>.Create(ColumnType.Float64, [7, 0.3, 0.3, 0.3])])).Column("rolling_std");
        result.GetValue(3).ShouldBe(0.0);
    }

    [Fact]
    public void Process_NaNValue_CountsAsNull()
    {
        var schema = new Schema { { "x", ColumnType.Float64 } };
        var stage = Otters.Builtins.RollingStd("x", 2);
        stage.Bind(schema);
        var result = stage.Process(new RecordBatch(schema, [PrimitiveColumn<double>.Create(ColumnType.Float64, [1, 2, double.NaN, 4, 6])])).Column("rolling_std");
        Enumerable.Range(0, 5).Select(result.GetValue).ShouldBe([null, Math.Sqrt(0.5), null, null, Math.Sqrt(2)]);
    }
}
