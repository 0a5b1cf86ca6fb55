using Npgsql;

namespace Otters.Tests.IO.Postgres;

/// <summary>Starts one throwaway PostgreSQL 15 cluster for every test of the <see cref="PostgresCollection"/>.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private ThrowawayPostgresCluster? _cluster;
    private NpgsqlDataSource? _dataSource;
    private int _tables;

    /// <summary>Gets the cluster.</summary>
    internal ThrowawayPostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The PostgreSQL cluster did not start.");

    /// <summary>Gets a data source for the cluster's <c>postgres</c> database.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The PostgreSQL cluster did not start.");

    /// <summary>Returns a table name no other test uses.</summary>
    public string NewTable(string prefix) => $"{prefix}_{Interlocked.Increment(ref _tables)}";

    /// <summary>Runs a statement.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query returning one value.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _cluster = await ThrowawayPostgresCluster.StartAsync();
        _dataSource = NpgsqlDataSource.Create(_cluster.ConnectionString);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The tests sharing one PostgreSQL cluster; they run one at a time (one of them restarts the server).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Postgres";
}
