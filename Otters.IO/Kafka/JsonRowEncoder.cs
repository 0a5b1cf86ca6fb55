using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Otters.IO.Json;

namespace Otters.IO.Kafka;

/// <summary>
/// Writes rows of record batches as JSON objects, one per message, the form <see cref="JsonRowDecoder"/>
/// reads back: numbers as numbers (non-finite doubles as "NaN", "Infinity", "-Infinity"), timestamps as
/// ISO 8601 UTC strings with the fraction digits of their unit, nulls as null.
/// </summary>
internal sealed class JsonRowEncoder
{
    private static readonly string[] s_fractionFormats = ["D0", "D3", "D6", "D9"];
    private static readonly long[] s_perSecond = [1, 1_000, 1_000_000, 1_000_000_000];

    /// <summary>The seconds since the epoch of 0001-01-01 and of 9999-12-31T23:59:59, the range of <see cref="DateTime"/>.</summary>
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    private readonly JsonEncodedText[] _names;
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;
    private readonly int _keyColumn;

    /// <summary>Initializes an encoder.</summary>
    /// <param name="schema">The schema of the batches.</param>
    /// <param name="keyColumn">The column whose value keys each message, or null for unkeyed messages.</param>
    public JsonRowEncoder(Schema schema, string? keyColumn)
    {
        _keyColumn = keyColumn is null ? -1 : schema.IndexOf(keyColumn);

        // Relaxed escaping keeps non-ASCII text as UTF-8; the output is never embedded in HTML.
        _names = schema.Select(f => JsonEncodedText.Encode(f.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)).ToArray();
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    /// <summary>Returns the message key of a row: the key column's value as UTF-8 text (timestamps as their count), or null.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="row">The row.</param>
    /// <returns>The key bytes, or null when there is no key column or the value is null.</returns>
    public byte[]? Key(RecordBatch batch, int row)
    {
        if (_keyColumn < 0)
        {
            return null;
        }

        var column = batch.Column(_keyColumn);
        if (column.IsNull(row))
        {
            return null;
        }

        Span<byte> text = stackalloc byte[32];
        int written;
        switch (column)
        {
            case StringColumn strings:
                return strings.GetBytes(row).ToArray();
            case PrimitiveColumn<double> doubles:
                doubles.Values[row].TryFormat(text, out written, "R", CultureInfo.InvariantCulture);
                break;
            case PrimitiveColumn<long> longs:
                longs.Values[row].TryFormat(text, out written, default, CultureInfo.InvariantCulture);
                break;
            case PrimitiveColumn<int> ints:
                ints.Values[row].TryFormat(text, out written, default, CultureInfo.InvariantCulture);
                break;
            default:
                return ((BooleanColumn)column).GetBoolean(row) ? "true"u8.ToArray() : "false"u8.ToArray();
        }

        return text[..written].ToArray();
    }

    /// <summary>Returns a row as a JSON object.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="row">The row.</param>
    /// <returns>The UTF-8 JSON bytes.</returns>
    public byte[] Value(RecordBatch batch, int row)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        _writer.WriteStartObject();
        var columns = batch.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            WriteField(_names[i], columns[i], row);
        }

        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    private void WriteField(JsonEncodedText name, Column column, int row)
    {
        if (column.IsNull(row))
        {
            _writer.WriteNull(name);
            return;
        }

        switch (column.Type.Kind)
        {
            case ColumnKind.String:
                _writer.WriteString(name, ((StringColumn)column).GetBytes(row));
                break;
            case ColumnKind.Float64:
                var d = ((PrimitiveColumn<double>)column).Values[row];
                if (double.IsFinite(d))
                {
                    _writer.WritePropertyName(name);
                    JsonDoubles.Write(_writer, d);
                }
                else
                {
                    _writer.WriteString(name, double.IsNaN(d) ? "NaN"u8 : d > 0 ? "Infinity"u8 : "-Infinity"u8);
                }

                break;
            case ColumnKind.Int64:
                _writer.WriteNumber(name, ((PrimitiveColumn<long>)column).Values[row]);
                break;
            case ColumnKind.Int32:
                _writer.WriteNumber(name, ((PrimitiveColumn<int>)column).Values[row]);
                break;
            case ColumnKind.Boolean:
                _writer.WriteBoolean(name, ((BooleanColumn)column).GetBoolean(row));
                break;
            default:
                var value = ((PrimitiveColumn<long>)column).Values[row];
                Span<byte> iso = stackalloc byte[40];
                if (TryFormatIso(value, column.Type.Unit, iso, out var written))
                {
                    _writer.WriteString(name, iso[..written]);
                }
                else
                {
                    // Outside the years 1-9999 only the raw count can say it; the decoder reads both.
                    _writer.WriteNumber(name, value);
                }

                break;
        }
    }

    /// <summary>Formats a timestamp as <c>yyyy-MM-ddTHH:mm:ss[.fff[fff[fff]]]Z</c>.</summary>
    internal static bool TryFormatIso(long value, TimeUnit unit, Span<byte> destination, out int written)
    {
        var perSecond = s_perSecond[(int)unit];
        var seconds = Math.DivRem(value, perSecond, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += perSecond;
        }

        written = 0;
        if (seconds is < MinSeconds or > MaxSeconds)
        {
            return false;
        }

        var dateTime = DateTime.UnixEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond);
        if (!dateTime.TryFormat(destination, out written, "yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture))
        {
            return false;
        }

        if (unit != TimeUnit.Second)
        {
            destination[written++] = (byte)'.';
            fraction.TryFormat(destination[written..], out var digits, s_fractionFormats[(int)unit], CultureInfo.InvariantCulture);
            written += digits;
        }

        destination[written++] = (byte)'Z';
        return true;
    }
}
