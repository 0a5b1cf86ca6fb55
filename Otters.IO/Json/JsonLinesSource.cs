using System.Runtime.CompilerServices;
using System.Text;

namespace Otters.IO.Json;

/// <summary>
/// Reads JSON lines (<c>.jsonl</c>, <c>.ndjson</c>): one JSON object per line, typed by the
/// pipeline's schema, or by a schema inferred from the first lines when none is declared. The file
/// is streamed in chunks; a line that does not fit goes to the pipeline's bad-record policy.
/// </summary>
internal sealed class JsonLinesSource : ISource
{
    /// <summary>The number of lines sampled to infer a schema.</summary>
    public const int InferenceSampleRows = 1000;

    private readonly string _path;
    private readonly Schema? _declared;
    private Schema? _inferred;

    /// <summary>Creates a source for <paramref name="path"/>; without a non-empty <paramref name="declaredSchema"/> the schema is inferred.</summary>
    public JsonLinesSource(string path, Schema? declaredSchema = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _declared = declaredSchema is { Count: > 0 } ? declaredSchema : null;
    }

    /// <summary>Gets the declared schema, or the one inferred from the file's first lines.</summary>
    public Schema Schema => _declared ?? (_inferred ??= InferSchema());

    Schema? ISource.Schema => Schema;

    /// <inheritdoc/>
    public string Describe() => $"jsonl {_path}";

    /// <inheritdoc/>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var schema = context.Schema.Count > 0 ? context.Schema : Schema;
        await using var stream = Open(asynchronous: true);
        using var lines = new JsonLineBuffer(stream);
        using var parser = new JsonRowParser(schema, context.BatchSize);
        while (await ReadMoreAsync(lines, cancellationToken).ConfigureAwait(false))
        {
            while (lines.TryTakeLine(out var start, out var length))
            {
                var error = IsBlank(lines.Line(start, length)) ? null : parser.TryAppend(lines.Line(start, length));
                if (error is not null)
                {
                    var raw = Encoding.UTF8.GetString(lines.Line(start, length));
                    await context.ReportBadRecordAsync(new BadRecord(_path, $"line {lines.LineNumber}", error, raw), cancellationToken)
                        .ConfigureAwait(false);
                }

                if (parser.Length >= context.BatchSize)
                {
                    // A chunk holds many batches, so cancellation is checked per batch, not per read.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return parser.Build();
                }
            }
        }

        if (parser.Length > 0)
        {
            yield return parser.Build();
        }
    }

    private Schema InferSchema()
    {
        // Runs from the Schema property, before any pipeline runs, so it reads synchronously.
        using var stream = Open(asynchronous: false);
        using var lines = new JsonLineBuffer(stream);
        var inference = new JsonSchemaInference();
        while (inference.SampledRows < InferenceSampleRows && ReadMoreAsync(lines, CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (inference.SampledRows < InferenceSampleRows && lines.TryTakeLine(out var start, out var length))
            {
                inference.Sample(lines.Line(start, length));
            }
        }

        var schema = inference.Build();
        if (schema.Count == 0)
        {
            throw new DataFormatException(_path, "no schema can be inferred because its first lines hold no JSON object with fields; declare a schema.");
        }

        return schema;
    }

    private async ValueTask<bool> ReadMoreAsync(JsonLineBuffer lines, CancellationToken cancellationToken)
    {
        try
        {
            return await lines.ReadMoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new DataFormatException(_path, ex.Message, ex);
        }
    }

    private FileStream Open(bool asynchronous) =>
        new(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1,
            (asynchronous ? FileOptions.Asynchronous : FileOptions.None) | FileOptions.SequentialScan);

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;
}
