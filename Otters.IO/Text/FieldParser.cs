using System.Globalization;
using System.Text;

namespace Otters.IO.Text;

/// <summary>Parses a UTF-8 text field straight into a column builder by the column's type; an empty field is a null.</summary>
internal static class FieldParser
{
    /// <summary>Appends the field, or returns an error naming the expected type and the text (and appends nothing).</summary>
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
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || TryParseSpecial(text, out d))
                {
                    ((PrimitiveColumnBuilder<double>)builder).Append(d);
                    return null;
                }

                break;
            case ColumnKind.Int64:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    ((PrimitiveColumnBuilder<long>)builder).Append(l);
                    return null;
                }

                break;
            case ColumnKind.Int32:
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
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
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, TimeUnit unit, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) || Iso8601.TryParse(text, unit, out value);

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
