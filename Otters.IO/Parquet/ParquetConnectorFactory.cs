namespace Otters.IO.Parquet;

/// <summary>
/// Resolves <c>.parquet</c> paths: a source reads the file; a sink takes options from a query string,
/// e.g. <c>out.parquet?compression=zstd&amp;row_group_rows=100000</c>.
/// </summary>
internal sealed class ParquetConnectorFactory : IConnectorFactory
{
    public ISource? TryCreateSource(string target, Schema? declaredSchema) =>
        IsParquet(target, out var path, out _) ? new ParquetSource(path, declaredSchema) : null;

    public ISink? TryCreateSink(string target) =>
        IsParquet(target, out var path, out var query) ? new ParquetSink(path, ParquetSinkOptions.Parse(query)) : null;

    private static bool IsParquet(string target, out string path, out string query)
    {
        var q = target.IndexOf('?', StringComparison.Ordinal);
        path = q < 0 ? target : target[..q];
        query = q < 0 ? "" : target[(q + 1)..];
        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && !path.Contains("://", StringComparison.Ordinal);
    }
}
