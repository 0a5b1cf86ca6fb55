namespace Otters.IO.Postgres;

/// <summary>Resolves <c>postgresql://</c> and <c>postgres://</c> URIs to a <see cref="PostgresSource"/> or <see cref="PostgresSink"/>.</summary>
internal sealed class PostgresConnectorFactory : IConnectorFactory
{
    /// <inheritdoc/>
    public ISource? TryCreateSource(string target, Schema? declaredSchema) =>
        PostgresUri.IsPostgresUri(target) ? new PostgresSource(target, declaredSchema) : null;

    /// <inheritdoc/>
    public ISink? TryCreateSink(string target) => PostgresUri.IsPostgresUri(target) ? new PostgresSink(target) : null;
}
