using Npgsql;

namespace Otters;

/// <summary>Adds PostgreSQL sinks that write through an application's <see cref="NpgsqlDataSource"/>.</summary>
public static class PostgresFlowExtensions
{
    /// <summary>
    /// Adds a sink loading rows into a PostgreSQL table with binary COPY, one transaction per batch; see
    /// <see cref="PostgresSink"/> for table creation, type mapping, retries and upsert mode.
    /// </summary>
    /// <param name="flow">The pipeline (appends to its last node) or a node handle.</param>
    /// <param name="dataSource">The data source; the sink does not dispose it.</param>
    /// <param name="table">The table, <c>table</c> or <c>schema.table</c>, case kept.</param>
    /// <param name="options">The settings (e.g. an upsert <see cref="PostgresSinkOptions.Key"/>), or null for the defaults.</param>
    /// <returns>The sink's node.</returns>
    public static Node Sink(this Flow flow, NpgsqlDataSource dataSource, string table, PostgresSinkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.Sink(new PostgresSink(dataSource, table, options));
    }
}
