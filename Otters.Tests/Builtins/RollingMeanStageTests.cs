using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class RollingMeanStageTests : BuiltinStageTests
{
    private protected override (string Column, double Tolerance) Golden => ("rolling_mean", 1e-13);

    private protected override string Output => "rolling_mean";

    private protected override BatchStage Create(string? by, KernelPath path) => new RollingMeanStage("price", 5, by) { Path = path };

    private protected override BatchStage CreateOn(string on, string? output = null) => Otters.Builtins.RollingMean(on, 5, output: output);

    [Fact]
    public void Bind_WindowBelowOne_ThrowsNamingStageAndColumn()
    {
        var error = Should.Throw<SchemaException>(() => new RollingMeanStage("price", 0).Bind(Ticks.Schema));
        error.Message.ShouldBe("Stage 'rolling_mean' on column 'price' has window 0; it must be at least 1.");
    }

    [Fact]
    public void RollingMean_WindowBelowOne_ThrowsArgumentOutOfRange() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Otters.Builtins.RollingMean("price", 0)).ParamName.ShouldBe("window");

    [Fact]
    public void Process_Int32Column_ReadsAsDouble()
    {
        var schema = new Schema { { "n", ColumnType.Int32 } };
        var column = PrimitiveColumn<int>.Create(ColumnType.Int32, [1, 2, 3, 4]);
        var stage = Otters.Builtins.RollingMean("n", 2);
        stage.Bind(schema);
        var result = stage.Process(new RecordBatch(schema, [column])).Column("rolling_mean");
        result.Type.ShouldBe(ColumnType.Float64);
        Enumerable.Range(0, 4).Select(result.GetValue).ShouldBe([null, 1.5, 2.5, 3.5]);
    }

    [Fact]
    public void Process_ConstantWindow_ReturnsTheConstantExactly()
    {
        var schema = new Schema { { "x", ColumnType.Float64 } };
        var column = PrimitiveColumn<double>.Create(ColumnType.Float64, [5, 0.1, 0.1, 0.1]);
        var stage = Otters.Builtins.RollingMean("x", 3);
        stage.Bind(schema);
        stage.Process(new RecordBatch(schema, [column])).Column("rolling_mean").GetValue(3).ShouldBe(0.1);
    }
}
