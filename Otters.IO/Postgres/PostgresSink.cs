using System.Diagnostics;
using Npgsql;
using Otters.IO.Postgres;
using Polly;
using Polly.Retry;

namespace Otters;

/// <summary>
/// Writes batches into a PostgreSQL table with binary COPY, one transaction per batch.
/// </summary>
/// <remarks>
/// <para>
/// A missing table is created from the schema: String -> <c>text</c>, Float64 -> <c>double precision</c>,
/// Int64 -> <c>bigint</c>, Int32 -> <c>integer</c>, Boolean -> <c>boolean</c>, Timestamp (any unit) ->
/// <c>timestamptz</c>. PostgreSQL keeps microseconds, so nanosecond timestamps are truncated (rounded down).
/// An existing table is checked when the pipeline is built: every schema column needs a table column of the
/// same name (exact, else the one case-insensitive match) and a compatible type (Int32 may also go into
/// <c>bigint</c>, String into <c>varchar</c>/<c>char</c>/<c>citext</c>, Timestamp into <c>timestamp</c> as UTC
/// wall time); other table columns must be nullable or have a default.
/// </para>
/// <para>
/// Transient failures (connection refused or reset, server shutting down or starting up: SQLSTATE 08xxx,
/// 57P01-57P03) roll the batch's transaction back and retry it on a new connection with exponential backoff
/// for up to <see cref="PostgresSinkOptions.RetryTimeout"/>, so a server restart loses no committed row. In plain
/// append mode a batch is written twice only when its commit succeeded but the acknowledgement was lost with the
/// connection; upsert mode (<see cref="PostgresSinkOptions.Key"/>, or <c>?key=col1,col2</c> in the URI) makes that
/// retry idempotent.
/// </para>
/// </remarks>
public sealed class PostgresSink : ISink
{
    private static readonly ResiliencePropertyKey<long> s_startedKey = new("otters.postgres.started");

    private readonly NpgsqlDataSource? _sharedDataSource;
    private readonly NpgsqlConnectionStringBuilder? _connectionString;
    private readonly PostgresTableName _table;
    private readonly PostgresSinkOptions _options;
    private readonly string _display;
    private readonly string _stageName;
    private readonly ResiliencePipeline _retry;
    private NpgsqlDataSource? _openDataSource;
    private NpgsqlConnection? _connection;
    private PostgresCopyPlan? _plan;
    private long _rowsWritten;
    private int _retries;

    /// <summary>Initializes a sink from <c>postgresql://[user[:password]@]host[:port]/database/table[?key=col1,col2]</c>.</summary>
    /// <param name="uri">
    /// The URI. <c>key</c> turns on upsert mode; other query parameters are Npgsql connection string keywords
    /// (e.g. <c>sslmode=require</c>). The table may be <c>schema.table</c>.
    /// </param>
    /// <exception cref="ArgumentException">The URI is malformed or names no table.</exception>
    public PostgresSink(string uri)
    {
        var parsed = PostgresUri.Parse(uri);
        if (parsed.Table is null)
        {
            throw new ArgumentException($"The PostgreSQL sink URI '{parsed.Redacted}' names no table: expected postgresql://[user[:password]@]host[:port]/database/table.", nameof(uri));
        }

        if (parsed.Query is not null)
        {
            throw new ArgumentException($"The PostgreSQL sink URI '{parsed.Redacted}' has a query parameter, which only a source takes.", nameof(uri));
        }

        _connectionString = parsed.Connection;
        _table = PostgresTableName.Parse(parsed.Table);
        _options = new PostgresSinkOptions { Key = parsed.Key }.Snapshot();
        _display = parsed.Redacted;
        (_stageName, _retry) = (StageName(_table), BuildRetry());
    }

    /// <summary>Initializes a sink writing through an application's data source (which the sink does not dispose).</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="table">The table, <c>table</c> or <c>schema.table</c>, case kept.</param>
    /// <param name="options">The settings, or null for the defaults.</param>
    public PostgresSink(NpgsqlDataSource dataSource, string table, PostgresSinkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        _sharedDataSource = dataSource;
        _table = PostgresTableName.Parse(table);
        _options = (options ?? new PostgresSinkOptions()).Snapshot();
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        _display = $"postgresql://{(settings.Username is null ? string.Empty : settings.Username + "@")}{settings.Host}:{settings.Port}/{settings.Database}/{_table}"
            + (_options.Key.Count == 0 ? string.Empty : "?key=" + string.Join(',', _options.Key));
        (_stageName, _retry) = (StageName(_table), BuildRetry());
    }

    /// <summary>Gets the rows committed so far.</summary>
    internal long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Gets the number of retries after transient failures so far.</summary>
    internal int Retries => Volatile.Read(ref _retries);

    /// <summary>Checks an existing table's columns against the schema; a missing table is created when the sink opens.</summary>
    /// <param name="schema">The schema the sink will receive.</param>
    /// <exception cref="SchemaException">The table cannot take the schema, or is missing and may not be created.</exception>
    /// <exception cref="OttersException">The database could not be reached.</exception>
    public void Validate(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        PostgresCopyPlan.CheckKey(_table, schema, _options.Key);

        // Validate is synchronous; the check runs on the thread pool so no caller's synchronization context is captured.
        Task.Run(() => ValidateAsync(schema)).GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public async ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        PostgresCopyPlan.CheckKey(_table, schema, _options.Key);
        _openDataSource ??= _sharedDataSource ?? NpgsqlDataSource.Create(_connectionString!);
        await ExecuteWithRetryAsync(static (sink, schema, ct) => sink.OpenOnceAsync(schema, ct), schema, "Opening", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the batch in one transaction; returns once it is committed.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Aborts the write (the transaction rolls back).</param>
    /// <returns>A task completing when the batch is committed.</returns>
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_plan is null)
        {
            throw new InvalidOperationException($"The PostgreSQL sink for table '{_table}' ({_display}) was written to before OpenAsync.");
        }

        if (batch.Length == 0)
        {
            return;
        }

        await ExecuteWithRetryAsync(static (sink, batch, ct) => sink.WriteOnceAsync(batch, ct), batch, $"Writing {batch.Length} rows to", cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _rowsWritten, batch.Length);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        await DropConnectionAsync().ConfigureAwait(false);
        if (_sharedDataSource is null && _openDataSource is not null)
        {
            await _openDataSource.DisposeAsync().ConfigureAwait(false);
        }

        _openDataSource = null;
        _plan = null;
    }

    /// <summary>Describes the sink, e.g. <c>postgresql postgresql://me@db:5432/market/ticks</c> (no password).</summary>
    /// <returns>The description.</returns>
    public string Describe() => $"postgresql {_display}";

    private static string StageName(PostgresTableName table) =>
        "otters_stage_" + ((uint)StableHash(table.Quoted)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    private static int StableHash(string text)
    {
        var hash = unchecked((int)2166136261);
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return hash;
    }

    private static async ValueTask DisposeQuietlyAsync(IAsyncDisposable? disposable)
    {
        if (disposable is null)
        {
            return;
        }

        try
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection is already gone; the original failure is the one worth reporting.
        }
    }

    private ResiliencePipeline BuildRetry() => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                PostgresTransientErrors.IsTransient(args.Outcome.Exception)
                && args.Context.Properties.TryGetValue(s_startedKey, out var started)
                && Stopwatch.GetElapsedTime(started) < _options.RetryTimeout),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryDelay,
            MaxDelay = _options.MaxRetryDelay,
            MaxRetryAttempts = int.MaxValue,
            OnRetry = _ =>
            {
                Interlocked.Increment(ref _retries);
                return default;
            },
        })
        .Build();

    private async ValueTask ExecuteWithRetryAsync<TState>(
        Func<PostgresSink, TState, CancellationToken, ValueTask> operation,
        TState state,
        string what,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        context.Properties.Set(s_startedKey, started);
        try
        {
            await _retry.ExecuteAsync(
                static (ctx, s) => s.Operation(s.Sink, s.State, ctx.CancellationToken),
                context,
                (Sink: this, Operation: operation, State: state)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            var retried = PostgresTransientErrors.IsTransient(ex)
                ? $" and was still failing after retrying for {Stopwatch.GetElapsedTime(started).TotalSeconds:0.#} s"
                : string.Empty;
            throw new OttersException($"{what} PostgreSQL table '{_table}' ({_display}) failed{retried}: {ex.Message}", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task ValidateAsync(Schema schema)
    {
        var dataSource = _sharedDataSource ?? NpgsqlDataSource.Create(_connectionString!);
        try
        {
            PostgresTableInfo? info;
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
                info = await PostgresTableInfo.LoadAsync(connection, _table, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                throw new OttersException($"Could not check PostgreSQL table '{_table}' ({_display}) when the pipeline was built: {ex.Message}", ex);
            }

            if (info is null)
            {
                if (!_options.CreateTable)
                {
                    throw new SchemaException($"PostgreSQL table '{_table}' ({_display}) does not exist and the sink may not create it (CreateTable is off).");
                }

                return;
            }

            PostgresCopyPlan.Create(_table, info, schema, _options.Key, _stageName);
        }
        finally
        {
            if (_sharedDataSource is null)
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async ValueTask OpenOnceAsync(Schema schema, CancellationToken cancellationToken)
    {
        await DropConnectionAsync().ConfigureAwait(false);
        var connection = await _openDataSource!.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var info = await PostgresTableInfo.LoadAsync(connection, _table, cancellationToken).ConfigureAwait(false);
            if (info is null)
            {
                if (!_options.CreateTable)
                {
                    throw new SchemaException($"PostgreSQL table '{_table}' ({_display}) does not exist and the sink may not create it (CreateTable is off).");
                }

                await using (var create = new NpgsqlCommand(PostgresCopyPlan.CreateTableSql(_table, schema, _options.Key), connection))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                info = await PostgresTableInfo.LoadAsync(connection, _table, cancellationToken).ConfigureAwait(false)
                    ?? throw new OttersException($"PostgreSQL table '{_table}' ({_display}) vanished right after it was created.");
            }

            _plan = PostgresCopyPlan.Create(_table, info, schema, _options.Key, _stageName);
            await PrepareSessionAsync(connection, cancellationToken).ConfigureAwait(false);
            _connection = connection;
        }
        catch
        {
            await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask<NpgsqlConnection> EnsureConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }

        await DropConnectionAsync().ConfigureAwait(false);
        var connection = await _openDataSource!.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PrepareSessionAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            throw;
        }

        _connection = connection;
        return connection;
    }

    private async ValueTask PrepareSessionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_plan?.StageSql is { } stageSql)
        {
            await using var command = new NpgsqlCommand(stageSql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteOnceAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        var connection = await EnsureConnectionAsync(cancellationToken).ConfigureAwait(false);
        var plan = _plan!;
        NpgsqlTransaction? transaction = null;
        NpgsqlBinaryImporter? importer = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            importer = await connection.BeginBinaryImportAsync(plan.CopySql, cancellationToken).ConfigureAwait(false);
            PostgresCopyWriter.Write(importer, batch, plan.Columns, cancellationToken);
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await importer.DisposeAsync().ConfigureAwait(false);
            importer = null;
            if (plan.MergeSql is not null)
            {
                await using var merge = new NpgsqlCommand(plan.MergeSql, connection, transaction);
                await merge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        catch
        {
            // Whatever failed, the session's state is unknown: roll back by dropping it and start the retry afresh.
            await DisposeQuietlyAsync(importer).ConfigureAwait(false);
            await DisposeQuietlyAsync(transaction).ConfigureAwait(false);
            await DropConnectionAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask DropConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        await DisposeQuietlyAsync(connection).ConfigureAwait(false);
    }
}
