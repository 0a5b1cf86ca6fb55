using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Otters.IO.Kafka;

/// <content>Typed JSON values into column builders.</content>
internal sealed partial class JsonRowDecoder
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    /// <summary>
    /// Appends the current JSON value to a column: strings take strings (and the text of numbers and
    /// booleans); Float64 numbers (and "NaN", "Infinity", "-Infinity"); Int64 and Int32 integers;
    /// Boolean true/false; Timestamp an integer count of the column's unit or an ISO 8601 string
    /// (no offset means UTC). null is null everywhere.
    /// </summary>
    private bool TryAppendValue(int column, ref Utf8JsonReader reader, bool isKey = false)
    {
        var token = reader.TokenType;
        var builder = _builders[column];
        if (token == JsonTokenType.Null)
        {
            builder.AppendNull();
            return true;
        }

        var type = builder.Type;
        switch (type.Kind)
        {
            case ColumnKind.String:
                if (token == JsonTokenType.String)
                {
                    return TryAppendString((StringColumnBuilder)builder, column, ref reader);
                }

                if (token is JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False)
                {
                    ((StringColumnBuilder)builder).Append(reader.ValueSpan);
                    return true;
                }

                break;

            case ColumnKind.Float64:
                if (token == JsonTokenType.Number && reader.TryGetDouble(out var d))
                {
                    ((PrimitiveColumnBuilder<double>)builder).Append(d);
                    return true;
                }

                if (token == JsonTokenType.String && TryGetNonFinite(ref reader, out d))
                {
                    ((PrimitiveColumnBuilder<double>)builder).Append(d);
                    return true;
                }

                break;

            case ColumnKind.Int64:
                if (token == JsonTokenType.Number && reader.TryGetInt64(out var l))
                {
                    ((PrimitiveColumnBuilder<long>)builder).Append(l);
                    return true;
                }

                break;

            case ColumnKind.Int32:
                if (token == JsonTokenType.Number && reader.TryGetInt32(out var n))
                {
                    ((PrimitiveColumnBuilder<int>)builder).Append(n);
                    return true;
                }

                break;

            case ColumnKind.Boolean:
                if (token is JsonTokenType.True or JsonTokenType.False)
                {
                    ((BooleanColumnBuilder)builder).Append(token == JsonTokenType.True);
                    return true;
                }

                break;

            case ColumnKind.Timestamp:
                if (token == JsonTokenType.Number && reader.TryGetInt64(out var count))
                {
                    ((PrimitiveColumnBuilder<long>)builder).Append(count);
                    return true;
                }

                if (token == JsonTokenType.String && TryGetTimestamp(ref reader, type.Unit, out var ts))
                {
                    ((PrimitiveColumnBuilder<long>)builder).Append(ts);
                    return true;
                }

                break;
        }

        return Fail(isKey
            ? $"the message key {Show(ref reader)} is not a {type} value"
            : $"field '{_schema[column].Name}' expects {Expected(type)} but the value is {Show(ref reader)}");
    }

    private bool TryAppendString(StringColumnBuilder builder, int column, ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> text;
        if (reader.ValueIsEscaped)
        {
            var length = reader.ValueSpan.Length;
            if (_scratch.Length < length)
            {
                _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
            }

            // Unescaping also rejects invalid UTF-8 and lone surrogates (InvalidOperationException).
            text = _scratch.AsSpan(0, reader.CopyString(_scratch));
        }
        else
        {
            text = reader.ValueSpan;
            if (!Utf8.IsValid(text))
            {
                return Fail($"field '{_schema[column].Name}' is not valid UTF-8 text");
            }
        }

        builder.Append(text);
        return true;
    }

    private static bool TryGetNonFinite(ref Utf8JsonReader reader, out double value)
    {
        value = reader.ValueTextEquals("NaN"u8) ? double.NaN
            : reader.ValueTextEquals("Infinity"u8) ? double.PositiveInfinity
            : reader.ValueTextEquals("-Infinity"u8) ? double.NegativeInfinity
            : 0;
        return value != 0;
    }

    /// <summary>Reads an ISO 8601 string as a count of <paramref name="unit"/> since the Unix epoch, UTC.</summary>
    private static bool TryGetTimestamp(ref Utf8JsonReader reader, TimeUnit unit, out long value)
    {
        value = 0;
        if (!reader.TryGetDateTime(out var dateTime))
        {
            return false;
        }

        long ticks;
        if (dateTime.Kind == DateTimeKind.Local)
        {
            // An explicit offset: System.Text.Json shifted it to local time; the offset form is exact.
            if (!reader.TryGetDateTimeOffset(out var withOffset))
            {
                return false;
            }

            ticks = withOffset.UtcTicks;
        }
        else
        {
            ticks = dateTime.Ticks;
        }

        ticks -= UnixEpochTicks;
        switch (unit)
        {
            case TimeUnit.Second:
                value = FloorDiv(ticks, TimeSpan.TicksPerSecond);
                return true;
            case TimeUnit.Millisecond:
                value = FloorDiv(ticks, TimeSpan.TicksPerMillisecond);
                return true;
            case TimeUnit.Microsecond:
                value = FloorDiv(ticks, TimeSpan.TicksPerMicrosecond);
                return true;
            default:
                // Ticks hold 7 fraction digits; the reader truncates the 8th and 9th, read them here.
                value = checked((ticks * 100) + SubTickNanoseconds(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan));
                return true;
        }
    }

    private static long SubTickNanoseconds(ReadOnlySpan<byte> iso)
    {
        var t = iso.IndexOf((byte)'T');
        if (t < 0)
        {
            return 0;
        }

        var dot = iso[t..].IndexOfAny((byte)'.', (byte)',');
        if (dot < 0)
        {
            return 0;
        }

        var fraction = iso[(t + dot + 1)..];
        var digits = 0;
        while (digits < fraction.Length && char.IsAsciiDigit((char)fraction[digits]))
        {
            digits++;
        }

        long extra = 0;
        for (var i = 7; i < 9; i++)
        {
            extra = (extra * 10) + (i < digits ? fraction[i] - '0' : 0);
        }

        return extra;
    }

    private static long FloorDiv(long a, long b)
    {
        var q = Math.DivRem(a, b, out var r);
        return r < 0 ? q - 1 : q;
    }

    private static string Expected(ColumnType type) => type.Kind switch
    {
        ColumnKind.String => "a string",
        ColumnKind.Float64 => "a number",
        ColumnKind.Int64 => "a 64-bit integer",
        ColumnKind.Int32 => "a 32-bit integer",
        ColumnKind.Boolean => "true or false",
        _ => $"an ISO 8601 string or an integer count of {type.Unit.ToString().ToLowerInvariant()}s",
    };

    private static string Show(ref Utf8JsonReader reader)
    {
        var token = reader.TokenType;
        if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            return $"a JSON {Describe(token)}";
        }

        var raw = reader.ValueSpan;
        var text = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 60)]) + (raw.Length > 60 ? "..." : string.Empty);
        return token == JsonTokenType.String ? $"\"{text}\"" : text;
    }
}
