using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class EmaStageTests : BuiltinStageTests
{
    // pandas' arithmetic is replayed operation by operation: equal bits, not merely close.
    private protected override (string Column, double Tolerance) Golden => ("ema", 0);

    private protected override string Output => "ema";

    private protected override BatchStage Create(string? by, KernelPath path) => new EmaStage("price", 5, by) { Path = path };

    private protected override BatchStage CreateOn(string on, string? output = null) => Otters.Builtins.Ema(on, 5, output: output);

    [Fact]
    public void Ema_SpanBelowOne_ThrowsArgumentOutOfRange() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Otters.Builtins.Ema("price", 0)).ParamName.ShouldBe("span");

    [Fact]
    public void Bind_SpanBelowOne_ThrowsNamingStageAndColumn() =>
        Should.Throw<SchemaException>(() => new EmaStage("price", 0).Bind(Ticks.Schema)).Message.ShouldContain("Stage 'ema' on column 'price' has span 0");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Process_ElevenInterleavedKeys_LanesSameBitsAsScalar(bool nulls)
    {
        // Batches of 1 to 5,000 rows over eleven keys (more than the eight lanes), so lanes run uneven keys and
        // take the next; with nulls, some batches have null or NaN prices (those run in input order) and null
        // keys (their rows read the spare grouped slot).
        var schema = new Schema { { "symbol", ColumnType.String }, { "price", ColumnType.Float64 } };
        var random = new Random(nulls ? 31 : 37);
        var prices = Enumerable.Range(0, 11).Select(k => 100.0 + k).ToArray();
        var batches = new List<RecordBatch>();
        for (var b = 0; b < 24; b++)
        {
            var n = random.Next(1, 5001);
            var keys = new StringColumnBuilder(n);
            var values = new PrimitiveColumnBuilder<double>(ColumnType.Float64, n);
            var dirty = nulls && b % 3 == 0;
            for (var i = 0; i < n; i++)
            {
                var k = random.Next(prices.Length);
                prices[k] += random.Next(3) == 0 ? 0 : random.NextDouble() - 0.5;
                keys.Append(dirty && random.Next(50) == 0 ? null : $"K{k}");
                switch (dirty ? random.Next(40) : 1)
                {
                    case 0:
                        values.AppendNull();
                        break;
                    case 1 when dirty && random.Next(2) == 0:
                        values.Append(double.NaN);
                        break;
                    default:
                        values.Append(prices[k]);
                        break;
                }
            }

            batches.Add(new RecordBatch(schema, [keys.Build(), values.Build()]));
        }

        var scalar = StageRunner.Run(new EmaStage("price", 20, "symbol") { Path = KernelPath.Scalar }, batches, Output);
        foreach (var path in new[] { KernelPath.Vector256, KernelPath.Auto })
        {
            var lanes = StageRunner.Run(new EmaStage("price", 20, "symbol") { Path = path }, batches, Output);
            StageRunner.ShouldBeBitIdentical(lanes, scalar, $"{path}, nulls {nulls}");
        }
    }

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
