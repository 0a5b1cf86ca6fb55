using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Otters.IO.Text;

/// <summary>Parses a UTF-8 text field straight into a column builder by the column's type; an empty field is a null.</summary>
internal static class FieldParser
{
    private static readonly double[] s_powersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Appends the field, or returns an error naming the expected type and the text (and appends nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? TryAppend(ColumnBuilder builder, ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            builder.AppendNull();
            return null;
        }

        switch (builder.Type.Kind)
        {
            case ColumnKind.String:
                ((StringColumnBuilder)builder).Append(text);
                return null;
            case ColumnKind.Float64:
                if (TryParseDouble(text, out var d))
                {
                    ((PrimitiveColumnBuilder<double>)builder).Append(d);
                    return null;
                }

                break;
            case ColumnKind.Int64:
                if (TryParseInt64(text, out var l))
                {
                    ((PrimitiveColumnBuilder<long>)builder).Append(l);
                    return null;
                }

                break;
            case ColumnKind.Int32:
                if (Utf8Parser.TryParse(text, out int i, out var consumed) && consumed == text.Length)
                {
                    ((PrimitiveColumnBuilder<int>)builder).Append(i);
                    return null;
                }

                break;
            case ColumnKind.Boolean:
                if (TryParseBoolean(text, out var b))
                {
                    ((BooleanColumnBuilder)builder).Append(b);
                    return null;
                }

                break;
            case ColumnKind.Timestamp:
                if (TryParseTimestamp(text, builder.Type.Unit, out var ts))
                {
                    ((PrimitiveColumnBuilder<long>)builder).Append(ts);
                    return null;
                }

                break;
        }

        var shown = Encoding.UTF8.GetString(text.Length > 64 ? text[..64] : text) + (text.Length > 64 ? "..." : string.Empty);
        return $"expected {builder.Type} but got '{shown}'";
    }

    public static bool TryParseBoolean(ReadOnlySpan<byte> text, out bool value)
    {
        if (Ascii.EqualsIgnoreCase(text, "true"u8) || text.SequenceEqual("1"u8))
        {
            value = true;
            return true;
        }

        value = false;
        return Ascii.EqualsIgnoreCase(text, "false"u8) || text.SequenceEqual("0"u8);
    }

    /// <summary>An integer count in the unit, or an ISO 8601 date-time (no offset means UTC).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, TimeUnit unit, out long value)
    {
        // A '-' after four digits can only be a date, so the common case skips the integer attempt.
        if (text.Length >= 10 && text[4] == '-')
        {
            return Iso8601.TryParse(text, unit, out value);
        }

        return TryParseInt64(text, out value) || Iso8601.TryParse(text, unit, out value);
    }

    /// <summary>
    /// An optionally signed decimal integer, as <c>long.TryParse</c> with <see cref="NumberStyles.AllowLeadingSign"/> reads it,
    /// without the culture lookup that call makes for every field.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;

    /// <summary>Parses a double as <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out double)"/> does, plus inf and nan.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value) =>
        TryParseShortDecimal(text, out value)
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        || TryParseSpecial(text, out value);

    /// <summary>
    /// The exact fast path for what CSV files mostly hold, <c>[-]digits[.digits]</c> with at most 15 digits: the digits
    /// as an integer are below 2^53 and 10^scale (scale &lt;= 22) is a double exactly, so one IEEE division rounds the
    /// decimal value correctly (Clinger, 1990). Anything else returns false for the general parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseShortDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == '-';
            i = 1;
        }

        ulong mantissa = 0;
        var digits = 0;
        for (; i < text.Length; i++, digits++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                break;
            }

            mantissa = (mantissa * 10) + digit;
        }

        var scale = 0;
        if (i < text.Length && text[i] == '.')
        {
            var first = ++i;
            for (; i < text.Length; i++, digits++)
            {
                var digit = (uint)(text[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                mantissa = (mantissa * 10) + digit;
            }

            scale = i - first;
        }

        if (i != text.Length || digits is 0 or > 15)
        {
            return false;
        }

        value = mantissa / s_powersOfTen[scale];
        if (negative)
        {
            value = -value;
        }

        return true;
    }


    private static bool TryParseSpecial(ReadOnlySpan<byte> text, out double value)
    {
        if (Ascii.EqualsIgnoreCase(text, "inf"u8) || Ascii.EqualsIgnoreCase(text, "+inf"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(text, "-inf"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }

        value = double.NaN;
        return Ascii.EqualsIgnoreCase(text, "nan"u8);
    }
}
