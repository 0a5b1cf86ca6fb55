using System.Buffers.Text;
using System.Globalization;

namespace Otters.IO.Text;

/// <summary>
/// Formats a double as UTF-8 in the shortest text that parses back to it, the same text as
/// <c>double.ToString("R", CultureInfo.InvariantCulture)</c>, with a fast path for the short decimals (prices,
/// quantities) that make up most data: .NET's general shortest-digits search costs about 90 ns a value.
/// </summary>
internal static class ShortestDouble
{
    /// <summary>The longest text a double formats to ("-1.7976931348623157E+308"), with room to spare.</summary>
    public const int MaxFormattedLength = 32;

    private static readonly double[] s_powersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19];

    /// <summary>Writes <paramref name="value"/>; false only when <paramref name="destination"/> is too short.</summary>
    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        var magnitude = Math.Abs(value);

        // .NET writes plain digits (no exponent) in this range; NaN fails the comparison.
        if (magnitude is >= 1e-4 and < 1e15 && destination.Length >= MaxFormattedLength)
        {
            for (var scale = 0; scale < s_powersOfTen.Length; scale++)
            {
                var scaled = magnitude * s_powersOfTen[scale];
                if (scaled >= 1e15)
                {
                    break;
                }

                var digits = Math.Round(scaled);

                // digits < 2^53 and 10^scale are exact doubles, so digits / 10^scale is the correctly rounded value of
                // the decimal digits e-scale, which is what parsing that text gives: equality proves the round trip. The
                // smallest such scale gives the fewest digits, hence the shortest text. The cheap closeness test only
                // skips the division where it cannot succeed.
                if (Math.Abs(scaled - digits) <= scaled * 1e-14 && digits / s_powersOfTen[scale] == magnitude)
                {
                    written = Write(destination, value < 0, (ulong)digits, scale);
                    return true;
                }
            }
        }

        return value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
    }

    private static int Write(Span<byte> destination, bool negative, ulong digits, int scale)
    {
        var at = 0;
        if (negative)
        {
            destination[at++] = (byte)'-';
        }

        // The digits go down whole and the point is put in by moving the fraction one place right, which spares
        // a 64-bit division by a variable power of ten.
        Utf8Formatter.TryFormat(digits, destination[at..], out var count);
        if (scale == 0)
        {
            return at + count;
        }

        if (count <= scale)
        {
            // 0.000ddd: the digits move right behind "0." and the zeros the scale asks for.
            var zeros = scale - count + 2;
            destination.Slice(at, count).CopyTo(destination[(at + zeros)..]);
            destination.Slice(at, zeros).Fill((byte)'0');
            destination[at + 1] = (byte)'.';
            return at + zeros + count;
        }

        var point = at + count - scale;
        destination.Slice(point, scale).CopyTo(destination[(point + 1)..]);
        destination[point] = (byte)'.';
        return at + count + 1;
    }
}
