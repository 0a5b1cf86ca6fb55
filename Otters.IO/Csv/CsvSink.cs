using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Otters.IO.Text;

namespace Otters.IO.Csv;

/// <summary>
/// Writes batches to a CSV file: a header, RFC 4180 quoting where a field needs it, nulls as empty fields (an empty
/// string as <c>""</c>), doubles in their shortest round-trip text, timestamps ISO 8601 UTC at their unit's precision.
/// Rows are formatted straight into UTF-8 buffers, large batches on several cores, and each batch is flushed to
/// the file before it counts as written.
/// </summary>
internal sealed class CsvSink(string path) : ISink
{
    /// <summary>Batches at least this long are formatted on several cores: formatting doubles is the sink's main cost.</summary>
    private const int ParallelRows = 8192;

    /// <summary>The most bytes any one non-string field takes.</summary>
    private const int MaxScalarLength = 32;

    private static readonly SearchValues<byte> s_needsQuotes = SearchValues.Create(",\"\r\n"u8);

    private readonly List<TextBuffer> _parts = [];
    private FileStream? _file;

    public string Describe() => $"csv {path}";

    public async ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        var header = new TextBuffer();
        for (var c = 0; c < schema.Count; c++)
        {
            header.Reserve(1);
            if (c > 0)
            {
                header.Append((byte)',');
            }

            WriteString(header, System.Text.Encoding.UTF8.GetBytes(schema[c].Name));
        }

        header.Reserve(1);
        header.Append((byte)'\n');
        await _file.WriteAsync(header.Written, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        var file = _file ?? throw new InvalidOperationException($"The CSV sink '{path}' is not open.");
        var parts = batch.Length < ParallelRows ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 4);
        while (_parts.Count < parts)
        {
            _parts.Add(new TextBuffer());
        }

        if (parts == 1)
        {
            _parts[0].Clear();
            WriteRows(_parts[0], batch, 0, batch.Length);
        }
        else
        {
            // Each core formats a contiguous slice of rows into its own buffer; the slices are written in order.
            var rowsPerPart = (batch.Length + parts - 1) / parts;
            Parallel.For(0, parts, k =>
            {
                var buffer = _parts[k];
                buffer.Clear();
                var start = k * rowsPerPart;
                WriteRows(buffer, batch, start, Math.Min(batch.Length, start + rowsPerPart));
            });
        }

        for (var k = 0; k < parts; k++)
        {
            await file.WriteAsync(_parts[k].Written, cancellationToken).ConfigureAwait(false);
        }

        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_file is not null)
        {
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _file.DisposeAsync().ConfigureAwait(false);
            _file = null;
        }

        _parts.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WriteRows(TextBuffer output, RecordBatch batch, int start, int end)
    {
        var fields = new Field[batch.Columns.Count];
        for (var c = 0; c < fields.Length; c++)
        {
            fields[c] = new Field(batch.Columns[c]);
        }

        var rowRoom = fields.Length * (MaxScalarLength + 1);
        var day = default(Iso8601.DayCache);
        for (var i = start; i < end; i++)
        {
            // Room for every non-string field at its longest; a string reserves its own.
            output.Reserve(rowRoom);
            for (var c = 0; c < fields.Length; c++)
            {
                if (c > 0)
                {
                    output.Append((byte)',');
                }

                ref readonly var field = ref fields[c];
                if (field.HasNulls && field.Column.IsNull(i))
                {
                    continue;
                }

                var span = output.Free;
                int written;
                switch (field.Kind)
                {
                    case ColumnKind.Float64:
                        ShortestDouble.TryFormat(((double*)field.Values)[i], span, out written, pointOnIntegers: true);
                        break;
                    case ColumnKind.String:
                        WriteString(output, ((StringColumn)field.Column).GetBytes(i));
                        output.Reserve(rowRoom);
                        continue;
                    case ColumnKind.Timestamp:
                        // Years outside 0000-9999 have no ISO 8601 form here; the raw count in the unit reads back the same.
                        var stamp = ((long*)field.Values)[i];
                        if (!Iso8601.TryFormat(stamp, field.Unit, span, out written, ref day))
                        {
                            Utf8Formatter.TryFormat(stamp, span, out written);
                        }

                        break;
                    case ColumnKind.Int64:
                        Utf8Formatter.TryFormat(((long*)field.Values)[i], span, out written);
                        break;
                    case ColumnKind.Int32:
                        Utf8Formatter.TryFormat(((int*)field.Values)[i], span, out written);
                        break;
                    case ColumnKind.Boolean:
                        var text = ((BooleanColumn)field.Column).GetBoolean(i) ? "true"u8 : "false"u8;
                        text.CopyTo(span);
                        written = text.Length;
                        break;
                    default:
                        throw new NotSupportedException($"CSV has no text form for {field.Column.Type} columns.");
                }

                output.Advance(written);
            }

            output.Append((byte)'\n');
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteString(TextBuffer output, ReadOnlySpan<byte> utf8)
    {
        // An empty string is quoted, so it reads back as an empty string rather than as a null; a field with a
        // separator, quote or line break, or a space at either end (some readers trim), is quoted with its quotes doubled.
        output.Reserve((utf8.Length * 2) + 2);
        if (!utf8.IsEmpty && !NeedsQuotes(utf8) && utf8[0] != (byte)' ' && utf8[^1] != (byte)' ')
        {
            utf8.CopyTo(output.Free);
            output.Advance(utf8.Length);
            return;
        }

        var span = output.Free;
        var at = 0;
        span[at++] = (byte)'"';
        foreach (var b in utf8)
        {
            span[at++] = b;
            if (b == (byte)'"')
            {
                span[at++] = b;
            }
        }

        span[at++] = (byte)'"';
        output.Advance(at);
    }

    /// <summary>Whether the text holds a separator, quote or line break; short text (symbols, codes) byte by byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NeedsQuotes(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 16)
        {
            return utf8.ContainsAny(s_needsQuotes);
        }

        foreach (var b in utf8)
        {
            if (b is (byte)',' or (byte)'"' or (byte)'\r' or (byte)'\n')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// One column as the row loop needs it: its kind, and for fixed-width values the address of the first one (column
    /// buffers are pinned, so the address holds while the batch is referenced), which spares a span and a cast per field.
    /// </summary>
    private readonly unsafe struct Field
    {
        public Field(Column column)
        {
            Column = column;
            Kind = column.Type.Kind;
            Unit = column.Type.Unit;
            HasNulls = column.NullCount > 0;
            Values = column switch
            {
                PrimitiveColumn<double> doubles => Unsafe.AsPointer(ref MemoryMarshal.GetReference(doubles.Values)),
                PrimitiveColumn<long> longs => Unsafe.AsPointer(ref MemoryMarshal.GetReference(longs.Values)),
                PrimitiveColumn<int> ints => Unsafe.AsPointer(ref MemoryMarshal.GetReference(ints.Values)),
                _ => null,
            };
        }

        public Column Column { get; }

        public ColumnKind Kind { get; }

        public TimeUnit Unit { get; }

        public bool HasNulls { get; }

        public void* Values { get; }
    }

    /// <summary>
    /// A growable UTF-8 buffer that checks for room once per <see cref="Reserve"/> rather than once per write: the
    /// writes in between must stay within what was reserved.
    /// </summary>
    private sealed class TextBuffer
    {
        private byte[] _bytes = new byte[1 << 16];
        private int _length;

        public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, _length);

        /// <summary>Gets the unwritten rest of the buffer.</summary>
        public Span<byte> Free => _bytes.AsSpan(_length);

        public void Clear() => _length = 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Reserve(int bytes)
        {
            if (_bytes.Length - _length < bytes)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + bytes));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Append(byte value) => _bytes[_length++] = value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Advance(int count) => _length += count;
    }
}
