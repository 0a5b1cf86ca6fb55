using System.Globalization;
using System.Numerics;
using System.Text;
using Otters.IO.Text;

namespace Otters.Tests.IO.Text;

public class ShortestDoubleTests
{
    public static TheoryData<double> Edges => new()
    {
        0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 0.5, 2.5, 123.4567, -123.4567, 1e-4, 9.999e-5, 1.5e-4,
        1e-5, 999_999_999_999_999, 1e15, 1e14, 123_456_789_012_345.6, 4_503_599_627_370_497.5, 9_007_199_254_740_993,
        1e16, 1e21, 1e22, 1e23, double.Epsilon, double.MaxValue, double.MinValue, double.NaN,
        double.PositiveInfinity, double.NegativeInfinity, 100.00000000000001, 144.2976,
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void TryFormat_Edge_MatchesRoundTripFormat(double value) => Check(value);

    [Fact]
    public void TryFormat_ShortDecimals_MatchRoundTripFormat()
    {
        var random = new Random(11);
        for (var i = 0; i < 200_000; i++)
        {
            var decimals = random.Next(0, 10);
            var magnitude = Math.Pow(10, random.Next(-4, 12));
            Check(Math.Round((random.NextDouble() - 0.3) * magnitude, decimals));
        }
    }

    [Fact]
    public void TryFormat_AnyBits_MatchRoundTripFormat()
    {
        var random = new Random(12);
        for (var i = 0; i < 1_000_000; i++)
        {
            Check(BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)));
            Check(random.NextDouble() * Math.Pow(10, random.Next(-6, 20)));
        }
    }

    [Fact]
    public void TryFormat_EveryBinaryExponent_MatchesRoundTripFormat()
    {
        // The smallest significand of each exponent has the narrower interval below; the largest is next to the
        // following power of two; the ones in between are random.
        var random = new Random(13);
        for (long biased = 1; biased < 0x7FF; biased++)
        {
            Check(BitConverter.Int64BitsToDouble(biased << 52));
            Check(BitConverter.Int64BitsToDouble((biased << 52) | 1));
            Check(BitConverter.Int64BitsToDouble((biased << 52) | ((1L << 52) - 1)));
            for (var i = 0; i < 200; i++)
            {
                Check(BitConverter.Int64BitsToDouble((biased << 52) | random.NextInt64(1L << 52)));
            }
        }
    }

    [Fact]
    public void TryFormat_AroundPowersOfTen_MatchesRoundTripFormat()
    {
        for (var e = -320; e <= 308; e++)
        {
            var power = double.Parse($"1e{e}", CultureInfo.InvariantCulture);
            Check(power);
            Check(Math.BitIncrement(power));
            Check(Math.BitDecrement(power));
            Check(-power * 7);
        }
    }

    [Fact]
    public void Logarithms_MatchExactArithmetic()
    {
        for (var q = -1100; q <= 1000; q++)
        {
            ShortestDouble.FloorLog10Pow2(q).ShouldBe(FloorLog(10, BigRational.Power(2, q)), $"q = {q}");
            ShortestDouble.FloorLog10ThreeQuartersPow2(q).ShouldBe(FloorLog(10, BigRational.Power(2, q - 2) * 3), $"q = {q}");
        }

        for (var e = -350; e <= 350; e++)
        {
            ShortestDouble.FloorLog2Pow10(e).ShouldBe(FloorLog(2, BigRational.Power(10, e)), $"e = {e}");
        }
    }

    [Fact]
    public void PowersOfTen_MatchExactArithmetic()
    {
        // g(k) = floor(10^-k * 2^-r) + 1, r = floor(-k log2 10) - 125, computed here with BigInteger.
        for (var k = -324; k <= 292; k++)
        {
            var r = ShortestDouble.FloorLog2Pow10(-k) - 125;
            var scaled = k <= 0
                ? (r >= 0 ? BigInteger.Pow(10, -k) >> r : BigInteger.Pow(10, -k) << -r)
                : (BigInteger.One << -r) / BigInteger.Pow(10, k);
            var g = scaled + 1;
            (g >= BigInteger.One << 125 && g < BigInteger.One << 126).ShouldBeTrue($"k = {k}");

            var (g1, g0) = ShortestDouble.PowerOfTen(k);

            ((new BigInteger(g1) << 63) + g0).ShouldBe(g, $"k = {k}");
        }
    }

    [Theory]
    [InlineData(0x3E60000000000000, "2.9802322387695312E-08")]
    [InlineData(0x0410000000000000, "4.1045368012983762E-289")]
    public void TryFormat_PowerOfTwoNetGetsWrong_ParsesBack(long bits, string text)
    {
        // .NET writes 2.980232238769531E-08 for 2^-25, which parses to the double below it.
        var buffer = new byte[ShortestDouble.MaxFormattedLength];

        ShortestDouble.TryFormat(BitConverter.Int64BitsToDouble(bits), buffer, out var written).ShouldBeTrue();

        Encoding.UTF8.GetString(buffer, 0, written).ShouldBe(text);
    }

    [Theory]
    [InlineData(203.0, "203.0")]
    [InlineData(-7.0, "-7.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(1e16, "10000000000000000.0")]
    [InlineData(1e17, "1E+17")]
    [InlineData(203.5, "203.5")]
    [InlineData(double.NaN, "NaN")]
    public void TryFormat_PointOnIntegers_MarksIntegralValuesAsFloats(double value, string text)
    {
        var buffer = new byte[ShortestDouble.MaxFormattedLength];

        ShortestDouble.TryFormat(value, buffer, out var written, pointOnIntegers: true).ShouldBeTrue();

        Encoding.UTF8.GetString(buffer, 0, written).ShouldBe(text);
    }

    [Fact]
    public void TryFormat_PointOnIntegers_AddsOnlyThePoint()
    {
        var random = new Random(14);
        var plain = new byte[ShortestDouble.MaxFormattedLength];
        var marked = new byte[ShortestDouble.MaxFormattedLength];
        for (var i = 0; i < 200_000; i++)
        {
            var value = i % 2 == 0 ? Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 18))) : BitConverter.Int64BitsToDouble(random.NextInt64());
            ShortestDouble.TryFormat(value, plain, out var plainLength);
            ShortestDouble.TryFormat(value, marked, out var markedLength, pointOnIntegers: true);
            var text = Encoding.UTF8.GetString(plain, 0, plainLength);
            var expected = text.All(c => c is '-' || char.IsAsciiDigit(c)) ? text + ".0" : text;

            Encoding.UTF8.GetString(marked, 0, markedLength).ShouldBe(expected);
        }
    }

    [Fact]
    public void TryFormat_ShortDestination_ReturnsFalse()
    {
        ShortestDouble.TryFormat(123.25, new byte[3], out _).ShouldBeFalse();
    }

    /// <summary>floor(log_radix(value)), by comparing with exact powers.</summary>
    private static int FloorLog(int radix, BigRational value)
    {
        var k = 0;
        while (value.CompareTo(BigRational.Power(radix, k)) < 0)
        {
            k--;
        }

        while (value.CompareTo(BigRational.Power(radix, k + 1)) >= 0)
        {
            k++;
        }

        return k;
    }

    private static void Check(double value)
    {
        var buffer = new byte[ShortestDouble.MaxFormattedLength];

        ShortestDouble.TryFormat(value, buffer, out var written).ShouldBeTrue();

        var actual = Encoding.UTF8.GetString(buffer, 0, written);
        var expected = value.ToString("R", CultureInfo.InvariantCulture);
        if (double.IsNaN(value) || double.Parse(expected, CultureInfo.InvariantCulture).Equals(value))
        {
            actual.ShouldBe(expected);
        }
        else
        {
            // .NET's own shortest text does not parse back for a few powers of two; ours must, at no more digits than G17.
            double.Parse(actual, CultureInfo.InvariantCulture).ShouldBe(value, $"{actual} for bits {BitConverter.DoubleToInt64Bits(value):X16}");
            actual.Length.ShouldBeLessThanOrEqualTo(value.ToString("G17", CultureInfo.InvariantCulture).Length);
        }
    }

    /// <summary>A non-negative rational number, just enough to compare powers exactly.</summary>
    private readonly record struct BigRational(BigInteger Numerator, BigInteger Denominator)
    {
        public static BigRational Power(int radix, int exponent) => exponent >= 0
            ? new(BigInteger.Pow(radix, exponent), BigInteger.One)
            : new(BigInteger.One, BigInteger.Pow(radix, -exponent));

        public static BigRational operator *(BigRational left, int right) => new(left.Numerator * right, left.Denominator);

        public int CompareTo(BigRational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);
    }
}
