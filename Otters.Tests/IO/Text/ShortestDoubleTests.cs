using System.Globalization;
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
        for (var i = 0; i < 200_000; i++)
        {
            Check(BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)));
            Check(random.NextDouble() * Math.Pow(10, random.Next(-6, 17)));
        }
    }

    [Fact]
    public void TryFormat_ShortDestination_ReturnsFalse()
    {
        ShortestDouble.TryFormat(123.25, new byte[3], out _).ShouldBeFalse();
    }

    private static void Check(double value)
    {
        var buffer = new byte[ShortestDouble.MaxFormattedLength];

        ShortestDouble.TryFormat(value, buffer, out var written).ShouldBeTrue();

        Encoding.UTF8.GetString(buffer, 0, written).ShouldBe(value.ToString("R", CultureInfo.InvariantCulture));
    }
}
