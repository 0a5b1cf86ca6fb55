using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Otters.IO.Text;

/// <summary>
/// Formats a double as UTF-8 in the shortest text that parses back to it: the same text as
/// <c>double.ToString("R", CultureInfo.InvariantCulture)</c>, at a fraction of the cost (.NET's shortest-digits search
/// takes about 90 ns a value; a CSV of computed statistics is mostly such values).
/// </summary>
/// <remarks>
/// The digits come from Raffaello Giulietti's Schubfach algorithm ("The Schubfach way to render doubles", 2020): the
/// value's rounding interval is scaled by a 126-bit approximation of a power of ten, rounded to odd so the few
/// comparisons that follow are exact, and of the decimals in the interval the one with the fewest digits (then the
/// closest, then the even one) wins. The layout follows .NET's: plain digits while the decimal point falls between
/// three zeros after it and seventeen digits before it, else one digit, a point and an exponent of at least two
/// digits ("1.5E-05", "1E+17"). Subnormals, infinities and NaN are rare and left to .NET. For a few powers of two
/// (2^-25 among them) .NET's own text is one digit short and parses back to the double below; the text here parses
/// back to the value itself.
/// </remarks>
internal static partial class ShortestDouble
{
    /// <summary>The longest text a double formats to ("-1.7976931348623157E+308"), with room to spare.</summary>
    public const int MaxFormattedLength = 32;

    private const long SignificandMin = 1L << 52;
    private const int ExponentMin = -1074;
    private const int PowerMin = -324;
    private const long Mask63 = long.MaxValue;

    /// <summary>Writes <paramref name="value"/>; false only when <paramref name="destination"/> is too short.</summary>
    /// <param name="value">The value.</param>
    /// <param name="destination">Receives the UTF-8 text.</param>
    /// <param name="written">The bytes written.</param>
    /// <param name="pointOnIntegers">
    /// Whether a value written as plain integer digits gets a ".0" (<c>203.0</c>, <c>0.0</c>), so that readers that guess
    /// column types from the text (pandas, DuckDB, Polars, Otters' own inference) see a float, as pandas and Polars
    /// write them. The exponent forms (<c>1E+17</c>) already read as floats.
    /// </param>
    /// <returns>Whether the text fitted.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFormat(double value, Span<byte> destination, out int written, bool pointOnIntegers = false)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var biased = (int)(bits >>> 52) & 0x7FF;
        if (biased is 0 or 0x7FF || destination.Length < MaxFormattedLength)
        {
            return FormatRare(value, destination, out written, pointOnIntegers);
        }

        var significand = SignificandMin | (bits & (SignificandMin - 1));
        var exponent = biased - 1075;

        // Integers below 2^53 are their own shortest digits.
        long digits;
        int power;
        if (exponent is < 0 and > -53 && (significand >> -exponent) << -exponent == significand)
        {
            digits = significand >> -exponent;
            power = 0;
        }
        else
        {
            (digits, power) = ToDecimal(exponent, significand);
        }

        written = Write(destination, bits < 0, (ulong)digits, power, pointOnIntegers);
        return true;
    }

    /// <summary>Zero, subnormals, infinities, NaN and short destinations, out of line so the common path stays small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool FormatRare(double value, Span<byte> destination, out int written, bool pointOnIntegers)
    {
        if (value == 0 && pointOnIntegers && destination.Length >= 4)
        {
            var zero = double.IsNegative(value) ? "-0.0"u8 : "0.0"u8;
            zero.CopyTo(destination);
            written = zero.Length;
            return true;
        }

        return value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
    }

    /// <summary>The shortest decimal digits × 10^power that round to significand × 2^exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long Digits, int Power) ToDecimal(int exponent, long significand)
    {
        // Bounds of the rounding interval, in quarters of an ulp; a power of two has a narrower interval below.
        var odd = (int)significand & 1;
        var middle = significand << 2;
        var upper = middle + 2;
        long lower;
        int k;
        if (significand != SignificandMin || exponent == ExponentMin)
        {
            lower = middle - 2;
            k = FloorLog10Pow2(exponent);
        }
        else
        {
            lower = middle - 1;
            k = FloorLog10ThreeQuartersPow2(exponent);
        }

        var h = exponent + FloorLog2Pow10(-k) + 2;
        var (g1, g0) = PowerOfTen(k);
        var vb = RoundToOdd(g1, g0, middle << h);
        var vbl = RoundToOdd(g1, g0, lower << h);
        var vbr = RoundToOdd(g1, g0, upper << h);

        // One digit fewer: the multiples of ten around the value, if exactly one of them is inside the interval.
        var s = vb >> 2;
        if (s >= 100)
        {
            var sp10 = 10 * (long)High((ulong)s, 1_844_674_407_370_955_168UL);
            var tp10 = sp10 + 10;
            var lowerIn = vbl + odd <= sp10 << 2;
            var upperIn = (tp10 << 2) + odd <= vbr;
            if (lowerIn != upperIn)
            {
                return (lowerIn ? sp10 : tp10, k);
            }
        }

        // Full length: s or s + 1, the one inside the interval, else the closer (the even one on a tie).
        var t = s + 1;
        var sIn = vbl + odd <= s << 2;
        var tIn = (t << 2) + odd <= vbr;
        if (sIn != tIn)
        {
            return (sIn ? s : t, k);
        }

        var compare = vb - ((s + t) << 1);
        return (compare < 0 || (compare == 0 && (s & 1) == 0) ? s : t, k);
    }

    /// <summary>(g1·2^63 + g0) × cp / 2^126, rounded to odd: exact enough for the interval comparisons.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long RoundToOdd(long g1, long g0, long cp)
    {
        // High halves alone, and the one low half needed by a plain multiply: through BigMul's out parameter the
        // JIT stored each low half to the stack and read it back.
        var x1 = (long)High((ulong)g0, (ulong)cp);
        var y1 = (long)High((ulong)g1, (ulong)cp);
        var y0 = (ulong)g1 * (ulong)cp;
        var z = (long)(y0 >>> 1) + x1;
        var vbp = y1 + (z >>> 63);
        return vbp | (((z & Mask63) + Mask63) >>> 63);
    }

    /// <summary>floor(q · log10 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong High(ulong a, ulong b) => Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(a, b) : Math.BigMul(a, b, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog10Pow2(int q) => (int)((q * 661_971_961_083L) >> 41);

    /// <summary>floor(q · log10 2 + log10 3/4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog10ThreeQuartersPow2(int q) => (int)(((q * 661_971_961_083L) - 274_743_187_321L) >> 41);

    /// <summary>floor(e · log2 10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog2Pow10(int e) => (int)((e * 913_124_641_741L) >> 38);

    /// <summary>Lays the digits out as .NET does; the caller has checked that 32 bytes are free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Write(Span<byte> destination, bool negative, ulong digits, int power, bool pointOnIntegers)
    {
        // Trailing zeros belong to the exponent.
        while (digits % 10_000 == 0)
        {
            digits /= 10_000;
            power += 4;
        }

        while (digits % 10 == 0)
        {
            digits /= 10;
            power++;
        }

        ref var start = ref MemoryMarshal.GetReference(destination);
        ref var at = ref start;
        if (negative)
        {
            at = (byte)'-';
            at = ref Unsafe.Add(ref at, 1);
        }

        var count = CountDigits(digits);

        // The value is 0.d1d2...dn × 10^scale.
        var scale = count + power;
        if (scale is > 17 or < -3)
        {
            // d.ddddE+xx: the digits go one place right, and the first comes back in front of the point.
            WriteDigits(ref Unsafe.Add(ref at, 1), count, digits);
            at = Unsafe.Add(ref at, 1); // the first digit, back in front
            if (count > 1)
            {
                Unsafe.Add(ref at, 1) = (byte)'.';
                at = ref Unsafe.Add(ref at, count + 1);
            }
            else
            {
                at = ref Unsafe.Add(ref at, 1);
            }

            var exponent = scale - 1;
            at = (byte)'E';
            Unsafe.Add(ref at, 1) = exponent < 0 ? (byte)'-' : (byte)'+';
            exponent = Math.Abs(exponent);
            var width = exponent >= 100 ? 3 : 2;
            WriteDigits(ref Unsafe.Add(ref at, 2), width, (ulong)exponent);
            at = ref Unsafe.Add(ref at, 2 + width);
        }
        else if (scale >= count)
        {
            // An integer: the digits, then zeros.
            WriteDigits(ref at, count, digits);
            Zeros(ref Unsafe.Add(ref at, count), scale - count);
            at = ref Unsafe.Add(ref at, scale);
            if (pointOnIntegers)
            {
                at = (byte)'.';
                Unsafe.Add(ref at, 1) = (byte)'0';
                at = ref Unsafe.Add(ref at, 2);
            }
        }
        else if (scale > 0)
        {
            // The integer digits go one place left of the rest, to make room for the point.
            WriteDigits(ref Unsafe.Add(ref at, 1), count, digits);
            for (var i = 0; i < scale; i++)
            {
                Unsafe.Add(ref at, i) = Unsafe.Add(ref at, i + 1);
            }

            Unsafe.Add(ref at, scale) = (byte)'.';
            at = ref Unsafe.Add(ref at, count + 1);
        }
        else
        {
            // 0.000ddd
            at = (byte)'0';
            Unsafe.Add(ref at, 1) = (byte)'.';
            Zeros(ref Unsafe.Add(ref at, 2), -scale);
            WriteDigits(ref Unsafe.Add(ref at, 2 - scale), count, digits);
            at = ref Unsafe.Add(ref at, 2 - scale + count);
        }

        return (int)Unsafe.ByteOffset(ref start, ref at);
    }

    /// <summary>At most sixteen '0's: a loop, where a block fill would call out to a memset helper.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zeros(ref byte destination, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Unsafe.Add(ref destination, i) = (byte)'0';
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountDigits(ulong value)
    {
        // log10 from log2, then one comparison to settle the digit the estimate can be short by.
        var estimate = ((BitOperations.Log2(value) + 1) * 1233) >> 12;
        return estimate + 1 - (value < IntegerPowersOfTen[estimate] ? 1 : 0);
    }

    /// <summary>Writes the <paramref name="count"/> decimal digits of <paramref name="value"/> at <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteDigits(ref byte destination, int count, ulong value)
    {
        // Eight digits at a time in 32-bit arithmetic, each eight as four independent pairs.
        while (count > 8)
        {
            var chunk = (uint)(value % 100_000_000);
            value /= 100_000_000;
            count -= 8;
            var high = chunk / 10_000;
            var low = chunk - (high * 10_000);
            ref var eight = ref Unsafe.Add(ref destination, count);
            WritePair(ref eight, high / 100);
            WritePair(ref Unsafe.Add(ref eight, 2), high % 100);
            WritePair(ref Unsafe.Add(ref eight, 4), low / 100);
            WritePair(ref Unsafe.Add(ref eight, 6), low % 100);
        }

        var rest = (uint)value;
        while (count >= 2)
        {
            count -= 2;
            WritePair(ref Unsafe.Add(ref destination, count), rest % 100);
            rest /= 100;
        }

        if (count == 1)
        {
            destination = (byte)('0' + rest);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(ref byte destination, uint pair)
    {
        ref var digits = ref MemoryMarshal.GetReference("00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8);
        Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref digits, pair * 2)));
    }

    /// <summary>g(k) of the powers-of-ten table as its upper and lower 63 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (long G1, long G0) PowerOfTen(int k)
    {
        var index = (k - PowerMin) * 2;
        return ((long)PowersOfTenTable[index], (long)PowersOfTenTable[index + 1]);
    }

    /// <summary>10^0 ... 10^19, for counting digits.</summary>
    private static ReadOnlySpan<ulong> IntegerPowersOfTen =>
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];
}
