using System.Text;
using Otters.IO.Text;

namespace Otters.Tests.IO.Text;

public class Iso8601Tests
{
    public static TheoryData<string, TimeUnit, long> Valid => new()
    {
        { "1970-01-01T00:00:00Z", TimeUnit.Microsecond, 0 },
        { "2024-03-01T14:30:00.000001Z", TimeUnit.Microsecond, 1709303400000001 },
        { "2024-03-01T14:30:00.000001", TimeUnit.Microsecond, 1709303400000001 },
        { "2024-03-01 14:30:00.25Z", TimeUnit.Millisecond, 1709303400250 },
        { "2024-03-01T16:30:00.000001+02:00", TimeUnit.Microsecond, 1709303400000001 },
        { "2024-03-01T09:30:00-0500", TimeUnit.Second, 1709303400 },
        { "2024-03-01T14:30Z", TimeUnit.Second, 1709303400 },
        { "2024-03-01", TimeUnit.Second, 1709251200 },
        { "1969-12-31T23:59:59.999999Z", TimeUnit.Microsecond, -1 },
        { "1969-12-31T23:59:59.9999999Z", TimeUnit.Microsecond, -1 },
        { "2262-04-11T23:47:16.854775807Z", TimeUnit.Nanosecond, long.MaxValue },
        { "1677-09-21T00:12:43.145224192Z", TimeUnit.Nanosecond, long.MinValue },
        { "2000-02-29T00:00:00Z", TimeUnit.Second, 951782400 },
        { "0001-01-01T00:00:00Z", TimeUnit.Second, -62135596800 },
        { "2024-03-01T14:30:00,5z", TimeUnit.Millisecond, 1709303400500 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_Valid_GivesExactCount(string text, TimeUnit unit, long expected)
    {
        Iso8601.TryParse(Encoding.UTF8.GetBytes(text), unit, out var value).ShouldBeTrue();

        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024")]
    [InlineData("2024-13-01")]
    [InlineData("2023-02-29")]
    [InlineData("2024-03-01T24:00:00Z")]
    [InlineData("2024-03-01T14:30:00.Z")]
    [InlineData("2024-03-01T14:30:00ZZ")]
    [InlineData("2024-03-01T14:30:00+2")]
    [InlineData("2024-03-01X14:30")]
    [InlineData("03/01/2024")]
    [InlineData("2262-04-11T23:47:16.854775808Z")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        var unit = text.StartsWith("2262", StringComparison.Ordinal) ? TimeUnit.Nanosecond : TimeUnit.Microsecond;

        Iso8601.TryParse(Encoding.UTF8.GetBytes(text), unit, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0L, TimeUnit.Second, "1970-01-01T00:00:00Z")]
    [InlineData(-1L, TimeUnit.Microsecond, "1969-12-31T23:59:59.999999Z")]
    [InlineData(1709303400250L, TimeUnit.Millisecond, "2024-03-01T14:30:00.250Z")]
    [InlineData(long.MaxValue, TimeUnit.Nanosecond, "2262-04-11T23:47:16.854775807Z")]
    [InlineData(long.MinValue, TimeUnit.Nanosecond, "1677-09-21T00:12:43.145224192Z")]
    public void TryFormat_GivesIsoUtc(long value, TimeUnit unit, string expected)
    {
        var buffer = new byte[Iso8601.MaxFormattedLength];

        Iso8601.TryFormat(value, unit, buffer, out var written).ShouldBeTrue();

        Encoding.UTF8.GetString(buffer, 0, written).ShouldBe(expected);
    }

    [Fact]
    public void TryFormat_YearBeyond9999_ReturnsFalse()
    {
        Iso8601.TryFormat(long.MaxValue, TimeUnit.Microsecond, new byte[Iso8601.MaxFormattedLength], out _).ShouldBeFalse();
    }

    [Fact]
    public void FormatThenParse_ManyValues_RoundTrip()
    {
        var random = new Random(42);
        var buffer = new byte[Iso8601.MaxFormattedLength];
        foreach (var unit in Enum.GetValues<TimeUnit>())
        {
            for (var i = 0; i < 5000; i++)
            {
                var value = unit switch
                {
                    TimeUnit.Nanosecond => random.NextInt64(long.MinValue, long.MaxValue),
                    _ => random.NextInt64(-62135596800L, 253402300799L) * (unit == TimeUnit.Second ? 1 : 1000) + random.Next(1000),
                };
                Iso8601.TryFormat(value, unit, buffer, out var written).ShouldBeTrue();
                Iso8601.TryParse(buffer.AsSpan(0, written), unit, out var parsed).ShouldBeTrue();
                parsed.ShouldBe(value);
            }
        }
    }

    [Fact]
    public void TryFormat_Microseconds_MatchesDateTimeOffset()
    {
        var random = new Random(7);
        var buffer = new byte[Iso8601.MaxFormattedLength];
        for (var i = 0; i < 5000; i++)
        {
            var value = random.NextInt64(-62135596800_000000L, 253402300799_999999L);
            Iso8601.TryFormat(value, TimeUnit.Microsecond, buffer, out var written).ShouldBeTrue();

            var expected = DateTimeOffset.UnixEpoch.AddTicks(value * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            Encoding.UTF8.GetString(buffer, 0, written).ShouldBe(expected);
        }
    }

    [Fact]
    public void TryFormat_WithDayCache_MatchesUncachedAcrossDaysAndUnits()
    {
        var random = new Random(5);
        var cached = new byte[Iso8601.MaxFormattedLength];
        var plain = new byte[Iso8601.MaxFormattedLength];
        foreach (var unit in Enum.GetValues<TimeUnit>())
        {
            var day = default(Iso8601.DayCache);
            var perSecond = unit switch { TimeUnit.Second => 1L, TimeUnit.Millisecond => 1_000L, TimeUnit.Microsecond => 1_000_000L, _ => 1_000_000_000L };
            var value = -3 * 86_400 * perSecond;
            for (var i = 0; i < 20_000; i++)
            {
                // Mostly small steps that stay within a day, some that jump days either way.
                value += random.Next(10) == 0 ? random.NextInt64(-5 * 86_400, 5 * 86_400) * perSecond : random.NextInt64(0, 3_600 * perSecond);
                Iso8601.TryFormat(value, unit, cached, out var a, ref day).ShouldBeTrue();
                Iso8601.TryFormat(value, unit, plain, out var b).ShouldBeTrue();
                cached.AsSpan(0, a).SequenceEqual(plain.AsSpan(0, b)).ShouldBeTrue();
            }
        }
    }
}
