namespace Otters.IO.Arrow;

/// <summary>Resolves paths ending in <c>.arrow</c> (Arrow IPC file) and <c>.arrows</c> (Arrow IPC stream).</summary>
internal sealed class ArrowConnectorFactory : IConnectorFactory
{
    /// <inheritdoc/>
    public ISource? TryCreateSource(string target, Schema? declaredSchema) => Kind(target) switch
    {
        ".arrow" => new ArrowFileSource(target, declaredSchema),
        ".arrows" => new ArrowStreamSource(target, declaredSchema),
        _ => null,
    };

    /// <inheritdoc/>
    public ISink? TryCreateSink(string target) => Kind(target) switch
    {
        ".arrow" => new ArrowFileSink(target),
        ".arrows" => new ArrowStreamSink(target),
        _ => null,
    };

    private static string? Kind(string target)
    {
        if (target.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }

        return target.EndsWith(".arrow", StringComparison.OrdinalIgnoreCase) ? ".arrow"
            : target.EndsWith(".arrows", StringComparison.OrdinalIgnoreCase) ? ".arrows"
            : null;
    }
}
