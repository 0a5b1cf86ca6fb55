using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Otters.IO.Text;

namespace Otters.IO.Json;

/// <summary>
/// Writes JSON lines (<c>.jsonl</c>, <c>.ndjson</c>): one object per row with every column, nulls
/// as JSON null, timestamps as ISO 8601 UTC strings ending in "Z", and the doubles JSON cannot
/// hold as the strings "NaN", "Infinity" and "-Infinity".
/// </summary>
internal sealed class JsonLinesSink : ISink
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly string _path;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private JsonEncodedText[] _names = [];
    private Utf8JsonWriter? _writer;
    private FileStream? _stream;

    /// <summary>Creates a sink that writes <paramref name="path"/>, replacing any file there.</summary>
    public JsonLinesSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    /// <inheritdoc/>
    public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _names = schema.Select(f => JsonEncodedText.Encode(f.Name, s_options.Encoder)).ToArray();
        _stream = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous);
        _writer = new Utf8JsonWriter(_buffer, s_options);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_writer is null || _stream is null)
        {
            throw new InvalidOperationException($"The JSON lines sink for '{_path}' was written to before it was opened.");
        }

        const int RowsPerWrite = 4096;
        for (var start = 0; start < batch.Length; start += RowsPerWrite)
        {
            WriteRows(batch, start, Math.Min(batch.Length, start + RowsPerWrite));
            await _stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _buffer.ResetWrittenCount();
        }

        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_stream is null)
        {
            return;
        }

        await _writer!.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _stream = null;
        _writer = null;
    }

    /// <inheritdoc/>
    public string Describe() => $"jsonl {_path}";

    private void WriteRows(RecordBatch batch, int start, int end)
    {
        var writer = _writer!;
        Span<byte> stamp = stackalloc byte[Iso8601.MaxFormattedLength];
        var day = default(Iso8601.DayCache);
        for (var row = start; row < end; row++)
        {
            writer.WriteStartObject();
            for (var c = 0; c < _names.Length; c++)
            {
                writer.WritePropertyName(_names[c]);
                WriteValue(writer, batch.Columns[c], row, stamp, ref day);
            }

            writer.WriteEndObject();
            writer.Flush();

            // Each line is its own JSON document: reset the writer so no comma separates them.
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            writer.Reset();
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, Column column, int row, Span<byte> stamp, ref Iso8601.DayCache day)
    {
        if (column.IsNull(row))
        {
            writer.WriteNullValue();
            return;
        }

        switch (column)
        {
            case StringColumn strings:
                writer.WriteStringValue(strings.GetBytes(row));
                break;
            case BooleanColumn booleans:
                writer.WriteBooleanValue(booleans.GetBoolean(row));
                break;
            case PrimitiveColumn<double> doubles:
                var d = doubles.Values[row];
                if (double.IsFinite(d))
                {
                    JsonDoubles.Write(writer, d);
                }
                else
                {
                    writer.WriteStringValue(double.IsNaN(d) ? "NaN"u8 : d > 0 ? "Infinity"u8 : "-Infinity"u8);
                }

                break;
            case PrimitiveColumn<int> ints:
                writer.WriteNumberValue(ints.Values[row]);
                break;
            case PrimitiveColumn<long> longs when column.Type.Kind == ColumnKind.Timestamp:
                // Years outside 0000-9999 have no ISO 8601 form here; the raw count in the unit reads back the same.
                if (Iso8601.TryFormat(longs.Values[row], column.Type.Unit, stamp, out var written, ref day))
                {
                    writer.WriteStringValue(stamp[..written]);
                }
                else
                {
                    writer.WriteNumberValue(longs.Values[row]);
                }

                break;
            case PrimitiveColumn<long> longs:
                writer.WriteNumberValue(longs.Values[row]);
                break;
            default:
                throw new NotSupportedException($"The JSON lines sink cannot write a column of type {column.Type}.");
        }
    }
}
