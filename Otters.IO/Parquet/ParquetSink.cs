using System.Buffers.Binary;
using Otters.IO.Files;
using Otters.IO.Parquet.Format;
using Otters.IO.Parquet.Internal;
using Otters.IO.Parquet.Thrift;

namespace Otters;

/// <summary>
/// Writes record batches to a Parquet file. Batches are buffered until a row group is full (by rows or
/// bytes), then encoded column by column. The file is written under a temporary name in the same folder
/// and renamed when <see cref="CloseAsync"/> has written the footer, so the final name never holds half a file.
/// </summary>
public sealed class ParquetSink : ISink
{
    private const string CreatedBy = "otters";

    private readonly string _path;
    private readonly ParquetSinkOptions _options;
    private readonly List<RecordBatch> _pending = [];
    private readonly List<RowGroup> _rowGroups = [];
    private Schema? _schema;
    private StagedFile? _staged;
    private FileStream? _stream;
    private ColumnChunkWriter? _writer;
    private int _pendingRows;
    private long _pendingBytes;
    private long _rows;
    private bool _closed;

    /// <summary>Creates a sink writing <paramref name="path"/>.</summary>
    /// <param name="path">The file to write; replaced at close if it exists.</param>
    /// <param name="options">Optional: compression and sizes; copied, so later edits do not apply.</param>
    public ParquetSink(string path, ParquetSinkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _options = (options ?? new ParquetSinkOptions()).Clone();
        _options.Validate();
    }

    /// <summary>Gets the options this sink writes with.</summary>
    public ParquetSinkOptions Options => _options.Clone();

    /// <inheritdoc/>
    public string Describe() => $"parquet {_path} ({_options.Compression.ToString().ToLowerInvariant()})";

    /// <inheritdoc/>
    public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (_stream is not null)
        {
            throw new InvalidOperationException($"The Parquet sink for '{_path}' is already open.");
        }

        _schema = schema;
        _staged = StagedFile.Create(_path);
        _stream = _staged.Stream;
        _writer = new ColumnChunkWriter(_options);
        _stream.Write(FooterReader.Magic);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_stream is null || _closed)
        {
            throw new InvalidOperationException($"The Parquet sink for '{_path}' is not open.");
        }

        if (!batch.Schema.Equals(_schema))
        {
            throw new SchemaException($"The Parquet sink for '{_path}' was opened with schema ({_schema}) but got a batch of ({batch.Schema}).");
        }

        for (var offset = 0; offset < batch.Length;)
        {
            var take = Math.Min(batch.Length - offset, _options.RowGroupRows - _pendingRows);
            var part = offset == 0 && take == batch.Length ? batch : batch.Slice(offset, take);
            _pending.Add(part);
            _pendingRows += take;
            _pendingBytes += EstimateBytes(part);
            offset += take;
            if (_pendingRows >= _options.RowGroupRows || _pendingBytes >= _options.RowGroupBytes)
            {
                await FlushRowGroupAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_closed || _stream is null)
        {
            _closed = true;
            return;
        }

        _closed = true;
        try
        {
            // The footer is written even when the pipeline was cancelled: the rows that arrived are kept.
            await FlushRowGroupAsync(CancellationToken.None).ConfigureAwait(false);
            var footer = new ThriftCompactWriter(4096);
            new FileMetaData
            {
                Version = 1,
                Schema = ParquetSchemaMapper.ToElements(_schema!),
                NumRows = _rows,
                RowGroups = [.. _rowGroups],
                CreatedBy = CreatedBy,
                WriteTypeDefinedColumnOrders = true,
            }.Write(footer);
            var tail = new byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(tail, footer.Length);
            FooterReader.Magic.CopyTo(tail.AsSpan(4));
            await _stream.WriteAsync(footer.WrittenSpan.ToArray(), CancellationToken.None).ConfigureAwait(false);
            await _stream.WriteAsync(tail, CancellationToken.None).ConfigureAwait(false);
            await _staged!.CommitAsync().ConfigureAwait(false);
        }
        catch
        {
            await _staged!.AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        if (_pendingRows == 0)
        {
            return;
        }

        var stream = _stream!;
        var start = stream.Position;
        var chunks = new ColumnChunk[_schema!.Count];
        var segments = new Column[_pending.Count];
        long uncompressed = 0;
        for (var c = 0; c < chunks.Length; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var b = 0; b < _pending.Count; b++)
            {
                segments[b] = _pending[b].Column(c);
            }

            chunks[c] = _writer!.Encode(_schema[c], segments, stream.Position);
            uncompressed += chunks[c].MetaData!.TotalUncompressedSize;
            await stream.WriteAsync(_writer.Bytes, CancellationToken.None).ConfigureAwait(false);
        }

        _rowGroups.Add(new RowGroup
        {
            Columns = chunks,
            NumRows = _pendingRows,
            TotalByteSize = uncompressed,
            FileOffset = start,
            TotalCompressedSize = stream.Position - start,
            Ordinal = (short)Math.Min(_rowGroups.Count, short.MaxValue),
        });
        _rows += _pendingRows;
        _pending.Clear();
        _pendingRows = 0;
        _pendingBytes = 0;
    }

    private static long EstimateBytes(RecordBatch batch)
    {
        long bytes = 0;
        foreach (var column in batch.Columns)
        {
            bytes += column switch
            {
                StringColumn s => s.Data.Length + (4L * s.Length),
                BooleanColumn b => b.Length / 8,
                _ => 8L * column.Length,
            };
        }

        return bytes;
    }
}
