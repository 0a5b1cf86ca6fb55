using System.Runtime.CompilerServices;

namespace Otters.IO.Text;

/// <summary>
/// Parses and formats ISO 8601 UTC timestamps as integer counts of a <see cref="TimeUnit"/> since
/// the Unix epoch, exactly (to the nanosecond, which <see cref="DateTime"/> cannot hold) and
/// without allocating. Accepts <c>YYYY-MM-DD[(T| )hh:mm[:ss[.f…]]][Z|±hh[:mm]]</c>; a timestamp
/// without an offset is taken as UTC, as Otters does for unspecified times. The one timestamp text
/// codec of the text connectors: CSV and JSON lines both parse and write through it.
/// </summary>
internal static class Iso8601
{
    /// <summary>The longest text <see cref="TryFormat"/> writes: "YYYY-MM-DDThh:mm:ss.fffffffffZ".</summary>
    public const int MaxFormattedLength = 30;

    private const long SecondsPerDay = 86_400;

    // What a fraction of n < 9 digits is multiplied by to count nanoseconds.
    private static readonly long[] s_nanosPerDigitShort = [1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10];

    private static ReadOnlySpan<byte> DigitPairs => "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>Parses <paramref name="text"/>, returning false when it is not an ISO 8601 timestamp in range for the unit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, TimeUnit unit, out long value)
    {
        value = 0;
        int hour = 0, minute = 0, second = 0;
        long nanos = 0;
        if (text.Length < 10 || !FourDigits(text, 0, out var year) || text[4] != '-' || !TwoDigits(text, 5, out var month)
            || text[7] != '-' || !TwoDigits(text, 8, out var day) || month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month))
        {
            return false;
        }

        var i = 10;
        if (i < text.Length && text[i] is (byte)'T' or (byte)'t' or (byte)' ')
        {
            if (!TwoDigits(text, i + 1, out hour) || i + 3 >= text.Length || text[i + 3] != ':' || !TwoDigits(text, i + 4, out minute))
            {
                return false;
            }

            i += 6;
            if (i < text.Length && text[i] == ':')
            {
                if (!TwoDigits(text, i + 1, out second))
                {
                    return false;
                }

                i += 3;
                if (i < text.Length && text[i] is (byte)'.' or (byte)',')
                {
                    var digits = 0;
                    for (i++; i < text.Length && (uint)(text[i] - '0') <= 9; i++, digits++)
                    {
                        // Digits past nanoseconds cannot be held by any unit and are dropped.
                        if (digits < 9)
                        {
                            nanos = (nanos * 10) + (text[i] - '0');
                        }
                    }

                    if (digits == 0)
                    {
                        return false;
                    }

                    if (digits < 9)
                    {
                        nanos *= s_nanosPerDigitShort[digits];
                    }
                }
            }

            if (hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }
        }

        if (!TryParseOffset(text[i..], out var offsetSeconds))
        {
            return false;
        }

        var seconds = (DaysFromCivil(year, month, day) * SecondsPerDay) + (hour * 3600L) + (minute * 60L) + second - offsetSeconds;
        var perSecond = PerSecond(unit);
        var fraction = unit switch
        {
            TimeUnit.Second => 0,
            TimeUnit.Millisecond => nanos / 1_000_000,
            TimeUnit.Microsecond => nanos / 1_000,
            _ => nanos,
        };

        // Years 0001-9999 fit in a long at every unit but nanoseconds; only near its ends is 128-bit math needed.
        if (Math.Abs(seconds) < (long.MaxValue / perSecond) - 1)
        {
            value = (seconds * perSecond) + fraction;
            return true;
        }

        var total = ((Int128)seconds * perSecond) + fraction;
        if (total < long.MinValue || total > long.MaxValue)
        {
            return false;
        }

        value = (long)total;
        return true;
    }

    /// <summary>Formats <paramref name="value"/> as "YYYY-MM-DDThh:mm:ss[.f…]Z" with the unit's digits; false when the year is outside 0000–9999.</summary>
    public static bool TryFormat(long value, TimeUnit unit, Span<byte> destination, out int written)
    {
        var days = default(DayCache);
        return TryFormat(value, unit, destination, out written, ref days);
    }

    /// <summary>
    /// Formats as <see cref="TryFormat(long, TimeUnit, Span{byte}, out int)"/> does, reusing the calendar date of the
    /// previous call when the day is the same, as it mostly is for consecutive timestamps in a batch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFormat(long value, TimeUnit unit, Span<byte> destination, out int written, ref DayCache cache)
    {
        written = 0;
        var perSecond = PerSecond(unit);

        // Constant divisors, one per unit: the JIT turns each into a multiplication, where dividing by a
        // variable costs a hardware division, the slowest step of the whole format.
        var (seconds, fraction) = unit switch
        {
            TimeUnit.Second => (value, 0L),
            TimeUnit.Millisecond => Math.DivRem(value, 1_000L),
            TimeUnit.Microsecond => Math.DivRem(value, 1_000_000L),
            _ => Math.DivRem(value, 1_000_000_000L),
        };
        if (fraction < 0)
        {
            seconds--;
            fraction += perSecond;
        }

        var days = Math.DivRem(seconds, SecondsPerDay, out var secondOfDay);
        if (secondOfDay < 0)
        {
            days--;
            secondOfDay += SecondsPerDay;
        }

        if (!cache.Holds(days))
        {
            cache = new DayCache(days, CivilFromDays(days));
        }

        var (year, month, day) = cache.Date;
        var fractionDigits = unit switch { TimeUnit.Millisecond => 3, TimeUnit.Microsecond => 6, TimeUnit.Nanosecond => 9, _ => 0 };
        var length = 20 + (fractionDigits == 0 ? 0 : fractionDigits + 1);
        if (year is < 0 or > 9999 || destination.Length < length)
        {
            return false;
        }

        WritePair(destination, 0, (int)(year / 100));
        WritePair(destination, 2, (int)(year % 100));
        destination[4] = (byte)'-';
        WritePair(destination, 5, month);
        destination[7] = (byte)'-';
        WritePair(destination, 8, day);
        destination[10] = (byte)'T';
        var minuteOfDay = (int)(secondOfDay / 60);
        WritePair(destination, 11, minuteOfDay / 60);
        destination[13] = (byte)':';
        WritePair(destination, 14, minuteOfDay % 60);
        destination[16] = (byte)':';
        WritePair(destination, 17, (int)(secondOfDay % 60));
        var at = 19;
        if (fractionDigits > 0)
        {
            destination[at++] = (byte)'.';
            WriteFraction(destination.Slice(at, fractionDigits), (int)fraction);
            at += fractionDigits;
        }

        destination[at++] = (byte)'Z';
        written = at;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long PerSecond(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => 1,
        TimeUnit.Millisecond => 1_000,
        TimeUnit.Microsecond => 1_000_000,
        _ => 1_000_000_000,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseOffset(ReadOnlySpan<byte> text, out long offsetSeconds)
    {
        offsetSeconds = 0;
        if (text.IsEmpty)
        {
            return true;
        }

        if (text.Length == 1 && text[0] is (byte)'Z' or (byte)'z')
        {
            return true;
        }

        if (text[0] is not ((byte)'+' or (byte)'-') || !Digits(text, 1, 2, out var hours) || hours > 23)
        {
            return false;
        }

        var minutes = 0;
        var rest = text[3..];
        if (rest.Length > 0 && rest[0] == ':')
        {
            rest = rest[1..];
        }

        if (rest.Length == 2 && (!Digits(rest, 0, 2, out minutes) || minutes > 59))
        {
            return false;
        }

        if (rest.Length is not (0 or 2))
        {
            return false;
        }

        offsetSeconds = ((hours * 3600L) + (minutes * 60L)) * (text[0] == '-' ? -1 : 1);
        return true;
    }

    // The fixed-width fields of the date and time, unrolled: the general loop below was most of a parse's cost.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TwoDigits(ReadOnlySpan<byte> text, int start, out int value)
    {
        value = 0;
        if ((uint)(start + 1) >= (uint)text.Length)
        {
            return false;
        }

        uint tens = (uint)(text[start] - '0'), ones = (uint)(text[start + 1] - '0');
        if ((tens > 9) | (ones > 9))
        {
            return false;
        }

        value = (int)((tens * 10) + ones);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FourDigits(ReadOnlySpan<byte> text, int start, out int value)
    {
        value = 0;
        if (!TwoDigits(text, start, out var high) || !TwoDigits(text, start + 2, out var low))
        {
            return false;
        }

        value = (high * 100) + low;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        if (start < 0 || start + count > text.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }

    /// <summary>Two decimal digits of <paramref name="value"/> (0-99) from a table instead of two divisions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(Span<byte> destination, int start, int value)
    {
        // Two stores: a two-byte Span.CopyTo is a call into memmove that costs more than the digits do.
        var pairs = DigitPairs;
        destination[start] = pairs[value * 2];
        destination[start + 1] = pairs[(value * 2) + 1];
    }

    /// <summary>Writes <paramref name="value"/> zero-padded to the destination's 3, 6 or 9 digits, two at a time from the right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteFraction(Span<byte> destination, int value)
    {
        var i = destination.Length;
        while (i >= 2)
        {
            i -= 2;
            WritePair(destination, i, value % 100);
            value /= 100;
        }

        if (i == 1)
        {
            destination[0] = (byte)('0' + value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DaysInMonth(int year, int month) =>
        month == 2 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28) : (month is 4 or 6 or 9 or 11 ? 30 : 31);

    // Howard Hinnant's days_from_civil / civil_from_days: exact proleptic Gregorian conversions.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - (era * 400);
        var dayOfYear = (((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5) + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var dayOfEra = days - (era * 146097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var mp = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * mp) + 2) / 5) + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        return ((yearOfEra + (era * 400)) + (month <= 2 ? 1 : 0), month, day);
    }

    /// <summary>The calendar date of the last day a formatter converted; <c>default</c> holds no day.</summary>
    public readonly struct DayCache
    {
        private readonly long _days;
        private readonly bool _set;

        internal DayCache(long days, (long Year, int Month, int Day) date)
        {
            _days = days;
            _set = true;
            Date = date;
        }

        internal (long Year, int Month, int Day) Date { get; }

        internal bool Holds(long days) => _set && _days == days;
    }
}
