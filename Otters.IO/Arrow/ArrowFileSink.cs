using Otters.IO.Files;

namespace Otters.IO.Arrow;

/// <summary>
/// Writes an Arrow IPC file (<c>.arrow</c>). The file is written under a temporary name beside the
/// target and renamed when closed, after the footer, so a reader never sees a file without one.
/// </summary>
internal sealed class ArrowFileSink : ISink
{
    private readonly string _path;
    private readonly List<ArrowBlock> _blocks = [];
    private ArrowField[]? _fields;
    private StagedFile? _staged;
    private FileStream? _stream;
    private ArrowIpcWriter? _writer;

    /// <summary>Creates a sink that writes <paramref name="path"/>, replacing any file there when closed.</summary>
    public ArrowFileSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    /// <inheritdoc/>
    public void Validate(Schema schema) => ArrowSchemaMapping.ToArrow(schema);

    /// <inheritdoc/>
    public async ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _fields = ArrowSchemaMapping.ToArrow(schema);
        _staged = StagedFile.Create(_path);
        _stream = _staged.Stream;
        _writer = new ArrowIpcWriter(_stream);
        _writer.WriteFileMagic();
        _writer.WriteSchema(_fields);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_writer is null || _stream is null)
        {
            throw new InvalidOperationException($"The Arrow file sink for '{_path}' was written to before it was opened.");
        }

        _blocks.Add(ArrowBatchEncoder.Write(_writer, batch));
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_stream is null)
        {
            return;
        }

        _stream = null;
        try
        {
            // The footer is written and the file renamed even after a cancellation, so the rows
            // written so far remain readable.
            _writer!.WriteEndOfStream();
            _writer.WriteFooter(_fields!, _blocks.ToArray());
        }
        catch
        {
            await _staged!.AbandonAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _writer = null;
            _blocks.Clear();
        }

        await _staged!.CommitAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public string Describe() => $"arrow file {_path}";
}
