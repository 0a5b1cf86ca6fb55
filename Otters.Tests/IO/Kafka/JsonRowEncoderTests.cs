using System.Text;
using Otters.IO.Kafka;

namespace Otters.Tests.IO.Kafka;

public sealed class JsonRowEncoderTests
{
    [Fact]
    public void Value_EveryType_RoundTripsThroughTheDecoder()
    {
        var schema = new Schema
        {
            { "s", ColumnType.String },
            { "f", ColumnType.Float64 },
            { "l", ColumnType.Int64 },
            { "i", ColumnType.Int32 },
            { "b", ColumnType.Boolean },
            { "ns", ColumnType.Timestamp(TimeUnit.Nanosecond) },
            { "sec", ColumnType.Timestamp(TimeUnit.Second) },
        };
        var builder = new RecordBatchBuilder(schema, 4);
        builder.Append(new Dictionary<string, object?> { ["s"] = "é \"q\" <tag>", ["f"] = 0.1, ["l"] = long.MinValue, ["i"] = -1, ["b"] = true, ["ns"] = 1_704_164_645_123_456_789L, ["sec"] = -62_135_596_800L });
        builder.Append(new Dictionary<string, object?> { ["f"] = double.NaN, ["ns"] = -1L });
        builder.Append(new Dictionary<string, object?> { ["f"] = double.PositiveInfinity, ["ns"] = long.MaxValue });
        var batch = builder.Build();
        var encoder = new JsonRowEncoder(schema, keyColumn: null);
        var decoder = new JsonRowDecoder(schema, 4);

        for (var row = 0; row < batch.Length; row++)
        {
            decoder.TryAppend(default, true, encoder.Value(batch, row), false).ShouldBeTrue(decoder.LastError);
        }

        var back = decoder.Build();
        for (var c = 0; c < schema.Count; c++)
        {
            Enumerable.Range(0, 3).Select(r => back.Column(c).GetValue(r)).ShouldBe(Enumerable.Range(0, 3).Select(r => batch.Column(c).GetValue(r)), schema[c].Name);
        }
    }

    [Fact]
    public void Value_Row_IsReadableJsonWithIsoTimestamps()
    {
        var schema = new Schema { { "symbol", ColumnType.String }, { "ts", ColumnType.Timestamp(TimeUnit.Microsecond) }, { "x", ColumnType.Int64 } };
        var builder = new RecordBatchBuilder(schema, 1);
        builder.Append(new Dictionary<string, object?> { ["symbol"] = "AAPL", ["ts"] = 1_704_164_645_000_123L, ["x"] = null });

        var json = Encoding.UTF8.GetString(new JsonRowEncoder(schema, "symbol").Value(builder.Build(), 0));

        json.ShouldBe("""{"symbol":"AAPL","ts":"2024-01-02T03:04:05.000123Z","x":null}""");
    }

    [Fact]
    public void Key_KeyColumn_IsItsValueAsText()
    {
        var schema = new Schema { { "symbol", ColumnType.String }, { "n", ColumnType.Int64 } };
        var builder = new RecordBatchBuilder(schema, 2);
        builder.Append(new Dictionary<string, object?> { ["symbol"] = "MSFT", ["n"] = 42L });
        builder.Append(new Dictionary<string, object?> { ["symbol"] = null, ["n"] = -7L });
        var batch = builder.Build();

        new JsonRowEncoder(schema, "symbol").Key(batch, 0).ShouldBe("MSFT"u8.ToArray());
        new JsonRowEncoder(schema, "symbol").Key(batch, 1).ShouldBeNull();
        new JsonRowEncoder(schema, "n").Key(batch, 1).ShouldBe("-7"u8.ToArray());
        new JsonRowEncoder(schema, null).Key(batch, 0).ShouldBeNull();
    }
}
