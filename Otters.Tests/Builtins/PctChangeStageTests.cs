using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class PctChangeStageTests : BuiltinStageTests
{
    // The same division and subtraction as pandas, so equal bits; 0/0 is null, x/0 is ±infinity.
    private protected override (string Column, double Tolerance) Golden => ("pct_change", 0);

    private protected override string Output => "pct_change";

    private protected override BatchStage Create(string? by, KernelPath path) => new PctChangeStage("price", by) { Path = path };

    private protected override BatchStage CreateOn(string on, string? output = null) => Otters.Builtins.PctChange(on, output: output);

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector128")]
    [InlineData("Vector256")]
    public void Process_ZerosAndNulls_FollowPandas(string pathName)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        var schema = new Schema { { "x", ColumnType.Float64 } };
        var stage = new PctChangeStage("x") { Path = path };
        stage.Bind(schema);
        double[] values = [2, 0, 0, 3, 6, 0, 9, 12, 15, -3, 0];
        bool[] nulls = [false, false, false, false, false, true, false, false, false, false, false];
        var result = stage.Process(new RecordBatch(schema, [PrimitiveColumn<double>.Create(ColumnType.Float64, values, nulls)])).Column("pct_change");
        Enumerable.Range(0, values.Length).Select(result.GetValue).ShouldBe(
            [null, -1.0, null, double.PositiveInfinity, 1.0, null, null, 12.0 / 9 - 1, 15.0 / 12 - 1, -3.0 / 15 - 1, -1.0]);
    }
}
