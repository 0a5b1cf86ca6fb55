using System.Runtime.CompilerServices;

namespace Otters.IO.Arrow;

/// <summary>
/// Reads an Arrow IPC stream file (<c>.arrows</c>): a schema message, record batches, then the
/// optional end-of-stream marker. Each Arrow batch becomes one Otters batch.
/// </summary>
internal sealed class ArrowStreamSource : ISource
{
    private const string Format = "stream";
    private readonly string _path;
    private readonly Schema? _declared;
    private (Schema Schema, ArrowField[] Fields)? _schema;

    /// <summary>Creates a source for <paramref name="path"/>; a non-empty <paramref name="declaredSchema"/> must equal the file's.</summary>
    public ArrowStreamSource(string path, Schema? declaredSchema = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _declared = declaredSchema;
    }

    /// <summary>Gets the schema stored in the file, read when first asked for.</summary>
    public Schema Schema => (_schema ??= LoadSchema()).Schema;

    Schema? ISource.Schema => Schema;

    /// <inheritdoc/>
    public string Describe() => $"arrow stream {_path}";

    /// <inheritdoc/>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var stream = ArrowBodyReader.Open(_path, asynchronous: true);
        var reader = new ArrowIpcReader(stream, 0, stream.Length);
        var (schema, fields) = await ReadSchemaAsync(reader, cancellationToken).ConfigureAwait(false);
        ArrowSchemaMapping.CheckDeclared(context.Schema, schema, _path);
        while (await ReadBatchAsync(reader, schema, fields, cancellationToken).ConfigureAwait(false) is { } batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return batch;
        }
    }

    private (Schema, ArrowField[]) LoadSchema()
    {
        // A schema message is a few hundred bytes at the start of the file, so reading it
        // synchronously from the property is cheap; the stream is opened for synchronous IO.
        using var stream = ArrowBodyReader.Open(_path, asynchronous: false);
        var reader = new ArrowIpcReader(stream, 0, stream.Length);
        var result = ReadSchemaAsync(reader, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        ArrowSchemaMapping.CheckDeclared(_declared, result.Schema, _path);
        return result;
    }

    private async ValueTask<(Schema Schema, ArrowField[] Fields)> ReadSchemaAsync(ArrowIpcReader reader, CancellationToken cancellationToken)
    {
        ArrowMessage? message;
        try
        {
            message = await reader.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw ArrowBodyReader.Malformed(_path, Format, ex);
        }

        if (message?.Schema is null)
        {
            throw new DataFormatException(_path, "it is not an Arrow IPC stream: it does not start with a schema message.");
        }

        var fields = message.Schema.ToArray();
        return (ArrowSchemaMapping.ToOtters(fields, _path), fields);
    }

    private async ValueTask<RecordBatch?> ReadBatchAsync(ArrowIpcReader reader, Schema schema, ArrowField[] fields, CancellationToken cancellationToken)
    {
        var at = reader.Position;
        try
        {
            var message = await reader.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                return null;
            }

            if (message.Type != ArrowMessageType.RecordBatch)
            {
                throw new InvalidDataException($"The message at byte {at} is a {message.Type} message where a record batch was expected.");
            }

            return await ArrowBodyReader.ReadBatchAsync(reader, message, schema, fields, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw ArrowBodyReader.Malformed(_path, Format, ex);
        }
    }
}
