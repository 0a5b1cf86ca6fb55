namespace Otters.IO.Csv;

/// <summary>Resolves paths ending in <c>.csv</c>.</summary>
internal sealed class CsvConnectorFactory : IConnectorFactory
{
    public ISource? TryCreateSource(string target, Schema? declaredSchema) =>
        IsCsv(target) ? new CsvSource(target, declaredSchema) : null;

    public ISink? TryCreateSink(string target) => IsCsv(target) ? new CsvSink(target) : null;

    private static bool IsCsv(string target) => target.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !target.Contains("://", StringComparison.Ordinal);
}
