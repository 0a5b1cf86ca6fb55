using CsvHelper;
using Otters.IO.Text;

namespace Otters.IO.Csv;

/// <summary>
/// Writes batches to a CSV file with CsvHelper's UTF-8 writer: a header, RFC 4180 quoting where a field
/// needs it, nulls as empty fields (an empty string as <c>""</c>), doubles round-trippable, timestamps
/// ISO 8601 UTC at their unit's precision. Each batch is flushed to the file before it counts as written.
/// </summary>
internal sealed class CsvSink(string path) : ISink
{
    private CsvWriter? _writer;

    public string Describe() => $"csv {path}";

    public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1);
        _writer = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n", TrueValue = "true", FalseValue = "false", Injection = CsvInjection.None }, leaveOpen: false);
        _writer.WriteHeader([.. schema.Names]);
        return ValueTask.CompletedTask;
    }

    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        var writer = _writer ?? throw new InvalidOperationException($"The CSV sink '{path}' is not open.");
        WriteRows(writer, batch);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }
    }

    private static void WriteRows(CsvWriter writer, RecordBatch batch)
    {
        Span<byte> stamp = stackalloc byte[Iso8601.MaxFormattedLength];
        var columns = batch.Columns;
        for (var i = 0; i < batch.Length; i++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                if (column.IsNull(i))
                {
                    writer.WriteField((string?)null);
                    continue;
                }

                switch (column)
                {
                    case PrimitiveColumn<double> d:
                        writer.WriteField(d.Values[i], "R");
                        break;
                    case PrimitiveColumn<long> l when column.Type.Kind == ColumnKind.Timestamp:
                        // Years outside 0000-9999 have no ISO 8601 form here; the raw count in the unit reads back the same.
                        if (Iso8601.TryFormat(l.Values[i], column.Type.Unit, stamp, out var written))
                        {
                            writer.WriteField(stamp[..written]);
                        }
                        else
                        {
                            writer.WriteField(l.Values[i], default);
                        }

                        break;
                    case PrimitiveColumn<long> l:
                        writer.WriteField(l.Values[i], default);
                        break;
                    case PrimitiveColumn<int> n:
                        writer.WriteField(n.Values[i], default);
                        break;
                    case BooleanColumn b:
                        writer.WriteField(b.GetBoolean(i));
                        break;
                    case StringColumn s:
                        var bytes = s.GetBytes(i);
                        if (bytes.IsEmpty)
                        {
                            writer.WriteField(string.Empty, CsvQuoting.Always);
                        }
                        else
                        {
                            writer.WriteField(bytes);
                        }

                        break;
                }
            }

            writer.EndRecord();
        }
    }
}
