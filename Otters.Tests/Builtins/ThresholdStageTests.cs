using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class ThresholdStageTests : BuiltinStageTests
{
    private protected override (string Column, double Tolerance) Golden => ("threshold", 0);

    private protected override string Output => "rich";

    private protected override BatchStage Create(string? by, KernelPath path) => new ThresholdStage("price", 100.5, "rich", by) { Path = path };

    private protected override BatchStage CreateOn(string on, string? output = null) => Otters.Builtins.Threshold(on, 100.5, output ?? "rich");

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector128")]
    [InlineData("Vector256")]
    public void Process_AnyPath_IsStrictAndNullIsFalse(string pathName)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        var schema = new Schema { { "x", ColumnType.Float64 } };
        var values = Enumerable.Range(0, 37).Select(i => (double)(i % 5)).ToArray();
        var nulls = values.Select((_, i) => i % 7 == 3).ToArray();
        var stage = new ThresholdStage("x", 2, "hot") { Path = path };
        stage.Bind(schema)[^1].Type.ShouldBe(ColumnType.Boolean);
        var result = stage.Process(new RecordBatch(schema, [PrimitiveColumn<double>.Create(ColumnType.Float64, values, nulls)])).Column("hot");
        result.NullCount.ShouldBe(0);
        Enumerable.Range(0, 37).Select(result.GetValue).ShouldBe(values.Select((v, i) => (object?)(!nulls[i] && v > 2)));
    }
}
