using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class VwapStageTests : BuiltinStageTests
{
    private protected override (string Column, double Tolerance) Golden => ("vwap", 1e-13);

    private protected override string Output => "vwap";

    private protected override BatchStage Create(string? by, KernelPath path) => new VwapStage("price", "volume", 4, by);

    private protected override BatchStage CreateOn(string on, string? output = null) => Otters.Builtins.Vwap(on, "volume", 4, output: output);

    [Fact]
    public void Bind_StringVolume_ThrowsNamingVolume()
    {
        var error = Should.Throw<SchemaException>(() => Otters.Builtins.Vwap("price", "symbol", 4).Bind(Ticks.Schema));
        error.Message.ShouldContain("'symbol'");
        error.Message.ShouldContain("'vwap'");
    }

    [Fact]
    public void Process_WindowWithoutVolume_IsNull()
    {
        var schema = new Schema { { "p", ColumnType.Float64 }, { "v", ColumnType.Int64 } };
        var stage = Otters.Builtins.Vwap("p", "v", 2);
        stage.Bind(schema);
        var batch = new RecordBatch(schema, [PrimitiveColumn<double>.Create(ColumnType.Float64, [10, 20, 30]), PrimitiveColumn<long>.Create(ColumnType.Int64, [0, 0, 2])]);
        var result = stage.Process(batch).Column("vwap");
        Enumerable.Range(0, 3).Select(result.GetValue).ShouldBe([null, null, 30.0]);
    }
}
