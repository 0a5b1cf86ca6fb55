namespace Otters.IO.Json;

/// <summary>Resolves paths ending in <c>.jsonl</c> or <c>.ndjson</c>.</summary>
internal sealed class JsonLinesConnectorFactory : IConnectorFactory
{
    /// <inheritdoc/>
    public ISource? TryCreateSource(string target, Schema? declaredSchema) =>
        IsJsonLines(target) ? new JsonLinesSource(target, declaredSchema) : null;

    /// <inheritdoc/>
    public ISink? TryCreateSink(string target) => IsJsonLines(target) ? new JsonLinesSink(target) : null;

    private static bool IsJsonLines(string target) =>
        !target.Contains("://", StringComparison.Ordinal)
        && (target.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase));
}
