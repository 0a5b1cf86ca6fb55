using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Otters.IO.Parquet.Format;
using Otters.IO.Parquet.Internal;

namespace Otters;

/// <summary>
/// Reads a Parquet file as record batches, one row group at a time (memory is bounded by a row group's
/// compressed column chunks plus one batch). Flat schemas of BOOLEAN, INT32, INT64, FLOAT, DOUBLE,
/// BYTE_ARRAY and INT96 columns are read; DATE becomes <c>timestamp[ms]</c> at midnight UTC, FLOAT
/// becomes float64, and timestamps keep their unit. The footer is read when the source is created.
/// </summary>
public sealed partial class ParquetSource : ISource
{
    /// <summary>Below this many rows a batch decodes on one thread: the hand-off would cost more than it saves.</summary>
    private const int ParallelDecodeRows = 8192;

    private readonly string _path;
    private readonly FileMetaData _metadata;
    private readonly LeafColumn[] _leaves;
    private readonly LeafColumn[]? _declared;

    /// <summary>Opens <paramref name="path"/> and reads its footer.</summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="declaredSchema">Optional: the columns wanted (a subset, in any order); each must exist with the same type.</param>
    /// <exception cref="DataFormatException">The file is not a Parquet file Otters can read.</exception>
    /// <exception cref="SchemaException">The declared schema names a column the file lacks or types it differently.</exception>
    public ParquetSource(string path, Schema? declaredSchema = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        using (var handle = OpenFile())
        {
            try
            {
                _metadata = FooterReader.Read(handle);
                _leaves = ParquetSchemaMapper.ToLeaves(_metadata);
                Schema = new Schema(_leaves.Select(l => new Field(l.Name, l.Type)));
            }
            catch (ParquetFormatException ex)
            {
                throw new DataFormatException(path, ex.Message, ex);
            }
            catch (ArgumentException ex)
            {
                throw new DataFormatException(path, $"The file's schema cannot be used: {ex.Message}", ex);
            }
        }

        if (declaredSchema is not null)
        {
            _declared = Resolve(declaredSchema);
        }
    }

    /// <summary>Gets the file's schema.</summary>
    public Schema Schema { get; }

    /// <summary>Gets the number of rows the footer declares.</summary>
    public long RowCount => _metadata.NumRows;

    /// <summary>Gets the number of row groups.</summary>
    public int RowGroupCount => _metadata.RowGroups.Length;

    /// <inheritdoc/>
    public string Describe() => $"parquet {_path}";

    /// <inheritdoc/>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var columns = context.Schema.Equals(Schema) ? _leaves : _declared is not null && context.Schema.Count == _declared.Length && Matches(context.Schema, _declared) ? _declared : Resolve(context.Schema);
        using var handle = OpenFile();
        for (var g = 0; g < _metadata.RowGroups.Length; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var group = _metadata.RowGroups[g];
            var rows = (int)group.NumRows;
            if (rows == 0)
            {
                continue;
            }

            var readers = await OpenRowGroupAsync(handle, g, columns, cancellationToken).ConfigureAwait(false);
            try
            {
                for (var offset = 0; offset < rows; offset += context.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var n = Math.Min(context.BatchSize, rows - offset);
                    yield return DecodeBatch(context.Schema, group, g, columns, readers, n);
                }
            }
            finally
            {
                foreach (var reader in readers)
                {
                    reader.Dispose();
                }
            }
        }
    }

    private RecordBatch DecodeBatch(Schema schema, RowGroup group, int g, LeafColumn[] columns, ColumnChunkReader[] readers, int n)
    {
        var result = new Column[columns.Length];
        if (columns.Length > 1 && n >= ParallelDecodeRows && Environment.ProcessorCount > 1)
        {
            // Columns decode independently; spreading them over cores is the one parallelism a single
            // file read has. Errors are kept per column so the first one surfaces unwrapped.
            var errors = new Exception?[columns.Length];
            Parallel.For(0, columns.Length, c =>
            {
                try
                {
                    result[c] = DecodeColumn(group, g, columns[c], readers[c], n);
                }
                catch (Exception ex)
                {
                    errors[c] = ex;
                }
            });
            var error = Array.Find(errors, e => e is not null);
            if (error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }
        else
        {
            for (var c = 0; c < columns.Length; c++)
            {
                result[c] = DecodeColumn(group, g, columns[c], readers[c], n);
            }
        }

        return new RecordBatch(schema, result);
    }

    private Column DecodeColumn(RowGroup group, int g, LeafColumn leaf, ColumnChunkReader reader, int n)
    {
        var meta = group.Columns[leaf.Ordinal].MetaData!;
        var hint = leaf.Type.Kind == ColumnKind.String
            ? (int)Math.Min(meta.TotalUncompressedSize / Math.Max(group.NumRows, 1) * n, 1 << 24)
            : 0;
        var output = new ColumnOutput(leaf.Type, n, hint);
        try
        {
            reader.ReadInto(output, 0, n);
        }
        catch (ParquetFormatException ex)
        {
            throw new DataFormatException(_path, $"{ex.Message} (row group {g}, column '{leaf.Name}')", ex);
        }

        return output.Build();
    }

    private async ValueTask<ColumnChunkReader[]> OpenRowGroupAsync(SafeFileHandle handle, int g, LeafColumn[] columns, CancellationToken cancellationToken)
    {
        var group = _metadata.RowGroups[g];
        var readers = new ColumnChunkReader[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var leaf = columns[c];
            var meta = group.Columns[leaf.Ordinal].MetaData!;
            var (start, size) = FooterReader.ChunkRange(meta);
            var chunk = GC.AllocateUninitializedArray<byte>((int)size);
            var read = 0;
            while (read < chunk.Length)
            {
                var n = await RandomAccess.ReadAsync(handle, chunk.AsMemory(read), start + read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new DataFormatException(_path, $"The file ends inside column '{leaf.Name}' of row group {g}.");
                }

                read += n;
            }

            try
            {
                readers[c] = new ColumnChunkReader(leaf, meta, chunk);
            }
            catch (ParquetFormatException ex)
            {
                throw new DataFormatException(_path, $"{ex.Message} (row group {g}, column '{leaf.Name}')", ex);
            }
        }

        return readers;
    }

    private SafeFileHandle OpenFile() => File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
}
