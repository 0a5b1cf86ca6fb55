using System.Globalization;
using Otters.Conversion;

namespace Otters.IO.Text;

/// <summary>
/// Timestamps as text: ISO 8601 in UTC with as many fraction digits as the unit has
/// (<c>2024-01-02T03:04:05.123456Z</c> for microseconds), and parsing ISO 8601 or a plain integer count in the unit.
/// </summary>
internal static class TimestampText
{
    private static readonly long s_epochTicks = DateTime.UnixEpoch.Ticks;

    public static string Format(long value, TimeUnit unit)
    {
        var (seconds, fraction) = unit switch
        {
            TimeUnit.Second => (value, 0L),
            TimeUnit.Millisecond => (FloorDiv(value, 1_000, out var ms), ms),
            TimeUnit.Microsecond => (FloorDiv(value, 1_000_000, out var us), us),
            _ => (FloorDiv(value, 1_000_000_000, out var ns), ns),
        };
        var time = new DateTime(s_epochTicks + (seconds * TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var head = time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return unit switch
        {
            TimeUnit.Second => head + "Z",
            TimeUnit.Millisecond => string.Create(CultureInfo.InvariantCulture, $"{head}.{fraction:D3}Z"),
            TimeUnit.Microsecond => string.Create(CultureInfo.InvariantCulture, $"{head}.{fraction:D6}Z"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{head}.{fraction:D9}Z"),
        };
    }

    /// <summary>Parses an integer count in <paramref name="unit"/>, or an ISO 8601 date-time (no offset means UTC).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, TimeUnit unit, out long value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = 0;
            return false;
        }

        value = ValueCoercion.FromTicks(parsed.UtcTicks - s_epochTicks, unit);
        if (unit == TimeUnit.Nanosecond)
        {
            value += ExtraNanoseconds(text);
        }

        return true;
    }

    /// <summary>DateTimeOffset keeps 100-ns ticks; the 8th and 9th fraction digits are added back by hand.</summary>
    private static long ExtraNanoseconds(ReadOnlySpan<char> text)
    {
        var dot = text.IndexOf('.');
        if (dot < 0)
        {
            return 0;
        }

        var digits = 0;
        var i = dot + 1;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            digits++;
            i++;
        }

        if (digits <= 7)
        {
            return 0;
        }

        var extra = 0L;
        for (var d = dot + 8; d < dot + 10 && d <= dot + digits; d++)
        {
            extra = (extra * 10) + (text[d] - '0');
        }

        return digits == 8 ? extra * 10 : extra;
    }

    private static long FloorDiv(long value, long divisor, out long remainder)
    {
        var q = Math.DivRem(value, divisor, out remainder);
        if (remainder < 0)
        {
            q--;
            remainder += divisor;
        }

        return q;
    }
}
