using System.Text;
using Otters.IO.Kafka;

namespace Otters.Tests.IO.Kafka;

public sealed class JsonRowDecoderTests
{
    private static readonly Schema s_schema = new()
    {
        { "key", ColumnType.String },
        { "s", ColumnType.String },
        { "f", ColumnType.Float64 },
        { "l", ColumnType.Int64 },
        { "i", ColumnType.Int32 },
        { "b", ColumnType.Boolean },
        { "ts", ColumnType.Timestamp(TimeUnit.Nanosecond) },
    };

    public static TheoryData<string, int, object?> Values => new()
    {
        { """{"s":"a\u00e9\"b"}""", 1, "aé\"b" },
        { """{"s":"plain"}""", 1, "plain" },
        { """{"s":12.50}""", 1, "12.50" },
        { """{"s":true}""", 1, "true" },
        { """{"f":1.5e3}""", 2, 1500.0 },
        { """{"f":"NaN"}""", 2, double.NaN },
        { """{"f":"-Infinity"}""", 2, double.NegativeInfinity },
        { """{"f":7}""", 2, 7.0 },
        { """{"l":-9007199254740993}""", 3, -9007199254740993L },
        { """{"i":2147483647}""", 4, int.MaxValue },
        { """{"b":false}""", 5, false },
        { """{"ts":"2024-01-02T03:04:05.123456789Z"}""", 6, 1_704_164_645_123_456_789L },
        { """{"ts":"2024-01-02T05:04:05.5+02:00"}""", 6, 1_704_164_645_500_000_000L },
        { """{"ts":"2024-01-02T03:04:05"}""", 6, 1_704_164_645_000_000_000L },
        { """{"ts":1704164645000000001}""", 6, 1_704_164_645_000_000_001L },
        { """{"ts":"1969-12-31T23:59:59.999999999Z"}""", 6, -1L },
        { """{"s":null,"l":1}""", 1, null },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void TryAppend_Value_LandsInItsColumnTyped(string json, int column, object? expected)
    {
        var decoder = new JsonRowDecoder(s_schema, 4);

        decoder.TryAppend("k"u8, false, Encoding.UTF8.GetBytes(json), false).ShouldBeTrue(decoder.LastError);

        var batch = decoder.Build();
        batch.Length.ShouldBe(1);
        batch.Column(column).GetValue(0).ShouldBe(expected);
        batch.Column(0).GetValue(0).ShouldBe("k");
    }

    [Fact]
    public void TryAppend_UnknownAndMissingFieldsAnyOrder_SkipsAndNulls()
    {
        var decoder = new JsonRowDecoder(s_schema, 4);

        decoder.TryAppend(default, true, """{"zzz":{"deep":[1,{"x":2}]},"l":5,"key":"ignored","s":"x"}"""u8, false).ShouldBeTrue(decoder.LastError);
        decoder.TryAppend(default, true, """{"s":"y","l":6}"""u8, false).ShouldBeTrue(decoder.LastError);

        var batch = decoder.Build();
        batch.Column("key").NullCount.ShouldBe(2);
        batch.Column("l").GetValue(0).ShouldBe(5L);
        batch.Column("s").GetValue(1).ShouldBe("y");
        batch.Column("f").NullCount.ShouldBe(2);
    }

    public static TheoryData<string, string> BadValues => new()
    {
        { """{"l":1.5}""", "field 'l' expects a 64-bit integer but the value is 1.5" },
        { """{"i":3000000000}""", "field 'i' expects a 32-bit integer but the value is 3000000000" },
        { """{"f":"cheap"}""", "field 'f' expects a number but the value is \"cheap\"" },
        { """{"b":1}""", "field 'b' expects true or false but the value is 1" },
        { """{"ts":"yesterday"}""", "field 'ts' expects an ISO 8601 string or an integer count of nanoseconds" },
        { """{"s":[1]}""", "field 's' expects a string but the value is a JSON array" },
        { """{"l":1,"l":2}""", "field 'l' appears twice" },
        { """[1,2]""", "the value is a JSON array, not an object" },
        { """{"l":1} {}""", "not valid JSON" },
        { """{"l":1""", "not valid JSON" },
        { "", "the value is empty" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void TryAppend_BadValue_FailsNamingTheFieldAndAppendsNothing(string json, string error)
    {
        var decoder = new JsonRowDecoder(s_schema, 4);
        decoder.TryAppend("a"u8, false, """{"s":"before","l":1}"""u8, false).ShouldBeTrue();

        decoder.TryAppend("b"u8, false, Encoding.UTF8.GetBytes(json), false).ShouldBeFalse();

        decoder.LastError!.ShouldContain(error);
        decoder.TryAppend("c"u8, false, """{"s":"after","l":3}"""u8, false).ShouldBeTrue();
        var batch = decoder.Build();
        batch.Length.ShouldBe(2);
        Enumerable.Range(0, 2).Select(i => batch.Column("s").GetValue(i)).ShouldBe(["before", "after"]);
        Enumerable.Range(0, 2).Select(i => batch.Column("key").GetValue(i)).ShouldBe(["a", "c"]);
        batch.Columns.ShouldAllBe(c => c.Length == 2);
    }

    [Fact]
    public void TryAppend_InvalidUtf8InAString_Fails()
    {
        var decoder = new JsonRowDecoder(s_schema, 4);

        decoder.TryAppend(default, true, [.. "{\"s\":\""u8, 0xC3, 0x28, .. "\"}"u8], false).ShouldBeFalse();

        decoder.LastError!.ShouldContain("not valid UTF-8");
    }

    [Fact]
    public void TryAppend_Tombstone_FailsAsAMessageWithoutValue()
    {
        var decoder = new JsonRowDecoder(s_schema, 4);

        decoder.TryAppend("k"u8, false, default, true).ShouldBeFalse();

        decoder.LastError!.ShouldContain("no value");
        decoder.Build().Length.ShouldBe(0);
    }

    [Fact]
    public void TryAppend_TypedKeyColumn_ReadsTheKeyAsAScalar()
    {
        var schema = new Schema { { "key", ColumnType.Int64 }, { "v", ColumnType.Int32 } };
        var decoder = new JsonRowDecoder(schema, 4);

        decoder.TryAppend("42"u8, false, """{"v":1}"""u8, false).ShouldBeTrue(decoder.LastError);
        decoder.TryAppend("forty"u8, false, """{"v":2}"""u8, false).ShouldBeFalse();

        decoder.LastError!.ShouldContain("message key");
        var batch = decoder.Build();
        batch.Column("key").GetValue(0).ShouldBe(42L);
        batch.Length.ShouldBe(1);
    }
}
