namespace Otters.IO.Arrow;

/// <summary>
/// Writes an Arrow IPC stream file (<c>.arrows</c>): the schema when opened, one record batch
/// message per batch, and the end-of-stream marker when closed. Readers can follow the file while
/// it grows, so it is written in place.
/// </summary>
internal sealed class ArrowStreamSink : ISink
{
    private readonly string _path;
    private FileStream? _stream;
    private ArrowIpcWriter? _writer;

    /// <summary>Creates a sink that writes <paramref name="path"/>, replacing any file there.</summary>
    public ArrowStreamSink(string path)
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
        var fields = ArrowSchemaMapping.ToArrow(schema);
        _stream = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        _writer = new ArrowIpcWriter(_stream);
        _writer.WriteSchema(fields);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_writer is null || _stream is null)
        {
            throw new InvalidOperationException($"The Arrow stream sink for '{_path}' was written to before it was opened.");
        }

        ArrowBatchEncoder.Write(_writer, batch);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_stream is null)
        {
            return;
        }

        try
        {
            _writer!.WriteEndOfStream();

            // The end-of-stream marker is written even when the pipeline was cancelled.
            await _stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
            _writer = null;
        }
    }

    /// <inheritdoc/>
    public string Describe() => $"arrow stream {_path}";
}
