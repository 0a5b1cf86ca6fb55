using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class LagStageTests : BuiltinStageTests
{
    private protected override (string Column, double Tolerance) Golden => ("lag", 0);

    private protected override string Output => "lag";

    private protected override BatchStage Create(string? by, KernelPath path) => new LagStage("price", 2, by) { Path = path };

    private protected override BatchStage CreateOn(string on, string? output = null) => Otters.Builtins.Lag(on, 2, output: output);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Process_Int64Column_KeepsTypeAndMatchesPandas(bool bySymbol)
    {
        var stage = Otters.Builtins.Lag("volume", 2, by: bySymbol ? "symbol" : null);
        stage.Bind(Ticks.Schema)[^1].Type.ShouldBe(ColumnType.Int64);
        var actual = StageRunner.Run(stage, Ticks.Instance.Batches(0), "lag");
        actual.OfType<object>().ShouldAllBe(v => v is long);
        StageRunner.ShouldMatchPandas(actual, Ticks.Expected(bySymbol, "lag_volume"), 0, "lag_volume");
    }

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector128")]
    [InlineData("Vector256")]
    public void Process_Int32ColumnAnyPath_ShiftsByPeriods(string pathName)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        var schema = new Schema { { "n", ColumnType.Int32 } };
        var values = Enumerable.Range(1, 100).ToArray();
        var stage = new LagStage("n", 3) { Path = path };
        stage.Bind(schema);
        var result = stage.Process(new RecordBatch(schema, [PrimitiveColumn<int>.Create(ColumnType.Int32, values)])).Column("lag");
        result.Type.ShouldBe(ColumnType.Int32);
        Enumerable.Range(0, 100).Select(result.GetValue).ShouldBe(Enumerable.Range(0, 100).Select(i => i < 3 ? null : (object)(i - 2)));
    }

    [Fact]
    public void Lag_PeriodsBelowOne_ThrowsArgumentOutOfRange() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Otters.Builtins.Lag("price", 0)).ParamName.ShouldBe("periods");
}
