using System.Globalization;
using System.Text;
using Otters.IO.Text;

namespace Otters.Tests.IO.Text;

public class FieldParserTests
{
    public static TheoryData<string> Doubles => new()
    {
        "0", "-0", "+0", "1", "-1", "1.5", "-1.5", "123.4567", ".5", "5.", "0.1", "0.3", "9007199254740993",
        "123456789012345", "1234567890123456", "0.000000000000000001", "1e5", "1E-300", "-2.5e+10", "1.7976931348623157E+308",
        "4.9406564584124654E-324", "179769313486231570000000000000000000000", "3.141592653589793238462643383279",
    };

    [Theory]
    [MemberData(nameof(Doubles))]
    public void TryParseDouble_Number_MatchesDoubleTryParseBitForBit(string text)
    {
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected).ShouldBeTrue();

        FieldParser.TryParseDouble(Encoding.UTF8.GetBytes(text), out var value).ShouldBeTrue();

        BitConverter.DoubleToInt64Bits(value).ShouldBe(BitConverter.DoubleToInt64Bits(expected));
    }

    [Fact]
    public void TryParseDouble_ManyShortDecimals_MatchDoubleTryParseBitForBit()
    {
        var random = new Random(3);
        for (var i = 0; i < 100_000; i++)
        {
            var digits = random.Next(1, 16);
            var text = random.NextInt64(0, (long)Math.Pow(10, digits)).ToString(CultureInfo.InvariantCulture);
            var point = random.Next(0, text.Length + 1);
            text = (random.Next(2) == 0 ? "-" : string.Empty) + text[..point] + "." + text[point..];
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected).ShouldBeTrue(text);

            FieldParser.TryParseDouble(Encoding.UTF8.GetBytes(text), out var value).ShouldBeTrue(text);

            BitConverter.DoubleToInt64Bits(value).ShouldBe(BitConverter.DoubleToInt64Bits(expected), text);
        }
    }

    [Theory]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-INF", double.NegativeInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("Infinity", double.PositiveInfinity)]
    public void TryParseDouble_Special_Parses(string text, double expected)
    {
        FieldParser.TryParseDouble(Encoding.UTF8.GetBytes(text), out var value).ShouldBeTrue();

        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("abc")]
    [InlineData("0x10")]
    public void TryParseDouble_NotANumber_ReturnsFalse(string text)
    {
        FieldParser.TryParseDouble(Encoding.UTF8.GetBytes(text), out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+17")]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775807")]
    [InlineData("007")]
    [InlineData("9223372036854775808")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("--1")]
    [InlineData("0x1F")]
    public void TryParseInt64_AnyText_AgreesWithLongTryParse(string text)
    {
        var expected = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed);

        FieldParser.TryParseInt64(Encoding.UTF8.GetBytes(text), out var value).ShouldBe(expected);

        if (expected)
        {
            value.ShouldBe(parsed);
        }
    }

    [Theory]
    [InlineData("1767323045000001", TimeUnit.Microsecond, 1767323045000001L)]
    [InlineData("-5", TimeUnit.Second, -5L)]
    [InlineData("2026-01-02T03:04:05Z", TimeUnit.Microsecond, 1767323045000000L)]
    [InlineData("2026-01-02 03:04:05.5", TimeUnit.Millisecond, 1767323045500L)]
    [InlineData("2026-01-02T04:04:05+01:00", TimeUnit.Second, 1767323045L)]
    [InlineData("2026-01-02", TimeUnit.Second, 1767312000L)]
    public void TryParseTimestamp_CountOrIso_GivesCountInUnit(string text, TimeUnit unit, long expected)
    {
        FieldParser.TryParseTimestamp(Encoding.UTF8.GetBytes(text), unit, out var value).ShouldBeTrue();

        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("01/02/2026")]
    [InlineData("2026-01-02T03:04:05 PM")]
    [InlineData("12345678901234567890")]
    [InlineData("2026-1-2")]
    public void TryParseTimestamp_Neither_ReturnsFalse(string text)
    {
        FieldParser.TryParseTimestamp(Encoding.UTF8.GetBytes(text), TimeUnit.Microsecond, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryAppend_BadField_AppendsNothingAndNamesTypeAndText()
    {
        var builder = new PrimitiveColumnBuilder<long>(ColumnType.Int64, 4);

        var error = FieldParser.TryAppend(builder, "12x"u8);

        error.ShouldBe("expected int64 but got '12x'");
        builder.Length.ShouldBe(0);
    }
}
