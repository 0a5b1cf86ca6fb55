using CsvHelper;
using Otters.IO.Text;

namespace Otters.IO.Csv;

/// <summary>
/// Writes batches to a CSV file with CsvHelper's UTF-8 writer: a header, RFC 4180 quoting where a field
/// needs it, nulls as empty fields (an empty string as <c>""</c>), doubles in their shortest round-trip text, timestamps
/// ISO 8601 UTC at their unit's precision. Each batch is flushed to the file before it counts as written.
/// </summary>
internal sealed class CsvSink(string path) : ISink
{
    /// <summary>Batches at least this long are formatted on several cores: formatting doubles is the sink's main cost.</summary>
    private const int ParallelRows = 8192;

    private static readonly CsvWriterOptions s_options = new() { NewLine = "\n", TrueValue = "true", FalseValue = "false", Injection = CsvInjection.None };

    private readonly List<(MemoryStream Buffer, CsvWriter Writer)> _parts = [];
    private FileStream? _file;
    private CsvWriter? _writer;

    public string Describe() => $"csv {path}";

    public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1);
        _writer = CsvWriter.Create(_file, s_options, leaveOpen: false);
        _writer.WriteHeader([.. schema.Names]);
        return ValueTask.CompletedTask;
    }

    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        var writer = _writer ?? throw new InvalidOperationException($"The CSV sink '{path}' is not open.");
        var parts = Math.Min(Environment.ProcessorCount, 4);
        if (batch.Length < ParallelRows || parts < 2)
        {
            WriteRows(writer, batch, 0, batch.Length);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // Each core formats a contiguous slice of rows into its own buffer; the slices are written in order.
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        while (_parts.Count < parts)
        {
            var buffer = new MemoryStream();
            _parts.Add((buffer, CsvWriter.Create(buffer, s_options, leaveOpen: true)));
        }

        var rowsPerPart = (batch.Length + parts - 1) / parts;
        Parallel.For(0, parts, k =>
        {
            var (buffer, partWriter) = _parts[k];
            buffer.SetLength(0);
            var start = k * rowsPerPart;
            WriteRows(partWriter, batch, start, Math.Min(batch.Length, start + rowsPerPart));
            partWriter.Flush();
        });
        for (var k = 0; k < parts; k++)
        {
            var buffer = _parts[k].Buffer;
            await _file!.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        }

        await _file!.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
            _file = null;
        }

        foreach (var (buffer, writer) in _parts)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            await buffer.DisposeAsync().ConfigureAwait(false);
        }

        _parts.Clear();
    }

    private static void WriteRows(CsvWriter writer, RecordBatch batch, int start, int end)
    {
        // An array, not the batch's IReadOnlyList: the loop below indexes it once per field.
        var columns = batch.Columns.ToArray();
        Span<byte> stamp = stackalloc byte[Iso8601.MaxFormattedLength];
        Span<byte> number = stackalloc byte[ShortestDouble.MaxFormattedLength];
        var day = default(Iso8601.DayCache);
        for (var i = start; i < end; i++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var column = columns[c];
                if (column.NullCount > 0 && column.IsNull(i))
                {
                    writer.WriteField(ReadOnlySpan<byte>.Empty);
                    continue;
                }

                switch (column.Type.Kind)
                {
                    case ColumnKind.Float64:
                        ShortestDouble.TryFormat(((PrimitiveColumn<double>)column).Values[i], number, out var length);
                        writer.WriteField(number[..length]);
                        break;
                    case ColumnKind.Timestamp:
                        WriteTimestamp(writer, ((PrimitiveColumn<long>)column).Values[i], column.Type.Unit, stamp, ref day);
                        break;
                    case ColumnKind.Int64:
                        writer.WriteField(((PrimitiveColumn<long>)column).Values[i], default);
                        break;
                    case ColumnKind.Int32:
                        writer.WriteField(((PrimitiveColumn<int>)column).Values[i], default);
                        break;
                    case ColumnKind.Boolean:
                        writer.WriteField(((BooleanColumn)column).GetBoolean(i));
                        break;
                    case ColumnKind.String:
                        WriteString(writer, ((StringColumn)column).GetBytes(i));
                        break;
                }
            }

            writer.EndRecord();
        }
    }

    private static void WriteTimestamp(CsvWriter writer, long value, TimeUnit unit, Span<byte> stamp, ref Iso8601.DayCache day)
    {
        // Years outside 0000-9999 have no ISO 8601 form here; the raw count in the unit reads back the same.
        if (Iso8601.TryFormat(value, unit, stamp, out var written, ref day))
        {
            writer.WriteField(stamp[..written]);
        }
        else
        {
            writer.WriteField(value, default);
        }
    }

    private static void WriteString(CsvWriter writer, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            // Quoted, so it reads back as an empty string rather than as a null.
            writer.WriteField(string.Empty, CsvQuoting.Always);
        }
        else
        {
            writer.WriteField(utf8);
        }
    }
}
