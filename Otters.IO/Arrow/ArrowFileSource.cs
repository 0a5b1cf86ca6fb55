using System.Runtime.CompilerServices;

namespace Otters.IO.Arrow;

/// <summary>
/// Reads an Arrow IPC file (<c>.arrow</c>) through its footer, which holds the schema and the
/// location of every record batch. Each Arrow batch becomes one Otters batch.
/// </summary>
internal sealed class ArrowFileSource : ISource
{
    private const string Format = "file";
    private readonly string _path;
    private readonly Schema? _declared;
    private (Schema Schema, ArrowFooter Footer)? _schema;

    /// <summary>Creates a source for <paramref name="path"/>; a non-empty <paramref name="declaredSchema"/> must equal the file's.</summary>
    public ArrowFileSource(string path, Schema? declaredSchema = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _declared = declaredSchema;
    }

    /// <summary>Gets the schema stored in the file's footer, read when first asked for.</summary>
    public Schema Schema => (_schema ??= LoadSchema()).Schema;

    Schema? ISource.Schema => Schema;

    /// <inheritdoc/>
    public string Describe() => $"arrow file {_path}";

    /// <inheritdoc/>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var stream = ArrowBodyReader.Open(_path, asynchronous: true);
        var (schema, footer) = await ReadFooterAsync(stream, cancellationToken).ConfigureAwait(false);
        ArrowSchemaMapping.CheckDeclared(context.Schema, schema, _path);
        var reader = new ArrowIpcReader(stream, 0, stream.Length);
        var fields = footer.Schema;
        for (var i = 0; i < footer.RecordBatches.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return await ReadBatchAsync(reader, footer.RecordBatches[i], i, schema, fields, cancellationToken).ConfigureAwait(false);
        }
    }

    private (Schema, ArrowFooter) LoadSchema()
    {
        // The footer is small and at a known place, so the property reads it synchronously.
        using var stream = ArrowBodyReader.Open(_path, asynchronous: false);
        var result = ReadFooterAsync(stream, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        ArrowSchemaMapping.CheckDeclared(_declared, result.Schema, _path);
        return result;
    }

    private async ValueTask<(Schema Schema, ArrowFooter Footer)> ReadFooterAsync(FileStream stream, CancellationToken cancellationToken)
    {
        ArrowFooter footer;
        try
        {
            footer = await ArrowFileTrailer.ReadFooterAsync(stream, stream.Length, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw ArrowBodyReader.Malformed(_path, Format, ex);
        }

        if (footer.DictionaryCount > 0)
        {
            throw new DataFormatException(_path, "it holds dictionary batches, which Otters does not read.");
        }

        return (ArrowSchemaMapping.ToOtters(footer.Schema, _path), footer);
    }

    private async ValueTask<RecordBatch> ReadBatchAsync(
        ArrowIpcReader reader, ArrowBlock block, int index, Schema schema, IReadOnlyList<ArrowField> fields, CancellationToken cancellationToken)
    {
        try
        {
            reader.Seek(block.Offset);
            var message = await reader.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            if (message is null || message.Type != ArrowMessageType.RecordBatch)
            {
                throw new InvalidDataException($"Record batch {index} of the footer points at byte {block.Offset}, where there is no record batch message.");
            }

            if (reader.Position != block.Offset + block.MetadataLength || message.BodyLength != block.BodyLength)
            {
                throw new InvalidDataException($"Record batch {index} at byte {block.Offset} does not have the metadata and body lengths the footer gives.");
            }

            return await ArrowBodyReader.ReadBatchAsync(reader, message, schema, fields, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw ArrowBodyReader.Malformed(_path, Format, ex);
        }
    }
}
