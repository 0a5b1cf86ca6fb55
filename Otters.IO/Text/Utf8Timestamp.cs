using System.Text;

namespace Otters.IO.Text;

/// <summary>
/// Parses timestamps from UTF-8 without allocating: an integer count in the unit, or ISO 8601
/// <c>YYYY-MM-DD[(T| )hh:mm[:ss[.fffffffff]]][Z|±hh[:mm]]</c> (no offset means UTC); anything else falls back to
/// <see cref="TimestampText.TryParse"/>.
/// </summary>
internal static class Utf8Timestamp
{
    public static bool TryParse(ReadOnlySpan<byte> text, TimeUnit unit, out long value)
    {
        if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (TryParseIso(text, out var seconds, out var nanos))
        {
            value = unit switch
            {
                TimeUnit.Second => seconds,
                TimeUnit.Millisecond => (seconds * 1_000) + (nanos / 1_000_000),
                TimeUnit.Microsecond => (seconds * 1_000_000) + (nanos / 1_000),
                _ => (seconds * 1_000_000_000) + nanos,
            };
            return true;
        }

        Span<char> chars = stackalloc char[Math.Min(text.Length, 128)];
        if (text.Length > 128 || !Encoding.UTF8.TryGetChars(text, chars, out var written))
        {
            value = 0;
            return false;
        }

        return TimestampText.TryParse(chars[..written], unit, out value);
    }

    private static bool TryParseIso(ReadOnlySpan<byte> s, out long seconds, out long nanos)
    {
        seconds = 0;
        nanos = 0;
        if (s.Length < 10 || s[4] != '-' || s[7] != '-'
            || !Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month))
        {
            return false;
        }

        long hour = 0, minute = 0, second = 0, offset = 0;
        var i = 10;
        if (i < s.Length && (s[i] == 'T' || s[i] == ' '))
        {
            if (s.Length < i + 6 || s[i + 3] != ':' || !Digits(s.Slice(i + 1, 2), out var h) || !Digits(s.Slice(i + 4, 2), out var m) || h > 23 || m > 59)
            {
                return false;
            }

            hour = h;
            minute = m;
            i += 6;
            if (i < s.Length && s[i] == ':')
            {
                if (s.Length < i + 3 || !Digits(s.Slice(i + 1, 2), out var sec) || sec > 59)
                {
                    return false;
                }

                second = sec;
                i += 3;
                if (i < s.Length && (s[i] == '.' || s[i] == ','))
                {
                    i++;
                    var digits = 0;
                    while (i < s.Length && (uint)(s[i] - '0') <= 9)
                    {
                        if (digits < 9)
                        {
                            nanos = (nanos * 10) + (s[i] - '0');
                        }

                        digits++;
                        i++;
                    }

                    if (digits == 0)
                    {
                        return false;
                    }

                    for (; digits < 9; digits++)
                    {
                        nanos *= 10;
                    }
                }
            }

            if (i < s.Length)
            {
                if (s[i] == 'Z' || s[i] == 'z')
                {
                    i++;
                }
                else if (s[i] == '+' || s[i] == '-')
                {
                    var sign = s[i] == '-' ? -1 : 1;
                    if (s.Length < i + 3 || !Digits(s.Slice(i + 1, 2), out var oh))
                    {
                        return false;
                    }

                    var om = 0;
                    i += 3;
                    if (i < s.Length && s[i] == ':')
                    {
                        i++;
                    }

                    if (i + 2 <= s.Length && Digits(s.Slice(i, 2), out var parsedMinutes))
                    {
                        om = parsedMinutes;
                        i += 2;
                    }

                    offset = sign * ((oh * 3600L) + (om * 60L));
                }
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        var days = new DateOnly(year, month, day).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        seconds = (days * 86_400L) + (hour * 3600) + (minute * 60) + second - offset;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var b in s)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }
}
