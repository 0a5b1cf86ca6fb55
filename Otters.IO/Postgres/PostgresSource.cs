using System.Runtime.CompilerServices;
using Npgsql;
using Npgsql.PostgresTypes;
using Otters.IO.Postgres;

namespace Otters;

/// <summary>
/// Reads a PostgreSQL table or query with binary COPY out (<c>COPY (query) TO STDOUT (FORMAT BINARY)</c>);
/// the schema comes from the result's columns.
/// </summary>
/// <remarks>
/// Result types map to: text, varchar, char, citext, name -> String; double precision, real, numeric -> Float64;
/// bigint -> Int64; integer, smallint -> Int32; boolean -> Boolean; timestamptz, timestamp (taken as UTC) and
/// date (midnight UTC) -> Timestamp(Microsecond). Any other type is an error naming the column: cast it in
/// the query (e.g. <c>id::text</c>). Given a declared schema, columns are matched by name and may be read as
/// a compatible type (e.g. integer as Int64, timestamptz as Timestamp(Millisecond)).
/// </remarks>
public sealed class PostgresSource : ISource
{
    private readonly NpgsqlDataSource? _sharedDataSource;
    private readonly NpgsqlConnectionStringBuilder? _connectionString;
    private readonly string _query;
    private readonly string _what;
    private readonly string _display;
    private readonly Schema? _declared;
    private IReadOnlyList<PostgresResultColumn>? _result;
    private Schema? _schema;
    private Schema? _checkedDeclared;

    /// <summary>
    /// Initializes a source from <c>postgresql://[user[:password]@]host[:port]/database/table</c> or
    /// <c>postgresql://[user[:password]@]host[:port]/database?query=SELECT ...</c> (percent-encode <c>&amp;</c> and <c>#</c> in the SQL).
    /// </summary>
    /// <param name="uri">The URI; query parameters other than <c>query</c> are Npgsql connection string keywords.</param>
    /// <param name="schema">
    /// The schema to read as (e.g. a pipeline's declared schema): result columns are matched by name and read as
    /// compatible types; null takes the result's own columns.
    /// </param>
    /// <exception cref="ArgumentException">The URI is malformed or names neither a table nor a query, or both.</exception>
    public PostgresSource(string uri, Schema? schema = null)
    {
        var parsed = PostgresUri.Parse(uri);
        if ((parsed.Table is null) == (parsed.Query is null))
        {
            throw new ArgumentException(
                $"The PostgreSQL source URI '{parsed.Redacted}' must name either a table (postgresql://host/database/table) or a query (postgresql://host/database?query=SELECT ...), not {(parsed.Table is null ? "neither" : "both")}.",
                nameof(uri));
        }

        if (parsed.Key.Count > 0)
        {
            throw new ArgumentException($"The PostgreSQL source URI '{parsed.Redacted}' has a key parameter, which only a sink takes.", nameof(uri));
        }

        _connectionString = parsed.Connection;
        (_query, _what) = parsed.Table is { } table ? TableQuery(table) : (parsed.Query!, $"query '{parsed.Query}'");
        _display = parsed.Redacted;
        _declared = schema;
    }

    private PostgresSource(NpgsqlDataSource dataSource, string query, string what)
    {
        _sharedDataSource = dataSource;
        _query = query;
        _what = what;
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        _display = $"postgresql://{settings.Host}:{settings.Port}/{settings.Database} {what}";
    }

    /// <summary>
    /// Gets the schema of the result's columns, or the schema given to read as once it is checked against them
    /// (the server is asked on first use).
    /// </summary>
    /// <exception cref="SchemaException">A column has a type Otters cannot read, two columns share a name, or the given schema does not fit the result.</exception>
    public Schema? Schema => _declared is null ? ResultSchema() : _checkedDeclared ??= CheckDeclared(_declared);

    /// <summary>Creates a source reading a whole table through an application's data source (which the source does not dispose).</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="table">The table, <c>table</c> or <c>schema.table</c>, case kept.</param>
    /// <returns>The source.</returns>
    public static PostgresSource FromTable(NpgsqlDataSource dataSource, string table)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var (query, what) = TableQuery(table);
        return new PostgresSource(dataSource, query, what);
    }

    /// <summary>Creates a source reading a query's result through an application's data source (which the source does not dispose).</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="query">A SELECT (or VALUES, or any statement COPY can read from).</param>
    /// <returns>The source.</returns>
    public static PostgresSource FromQuery(NpgsqlDataSource dataSource, string query)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        query = query.Trim().TrimEnd(';').Trim();
        return new PostgresSource(dataSource, query, $"query '{query}'");
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dataSource = _sharedDataSource ?? NpgsqlDataSource.Create(_connectionString!);
        try
        {
            await using var connection = await OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
            var (result, _) = await DescribeResultAsync(connection, cancellationToken).ConfigureAwait(false);
            var reader = new PostgresCopyReader(_what, result, context.Schema, context.BatchSize);
            var exporter = await Guard(connection.BeginBinaryExportAsync($"COPY ({_query}) TO STDOUT (FORMAT BINARY)", cancellationToken)).ConfigureAwait(false);
            await using (exporter.ConfigureAwait(false))
            {
                while (await Guard(ReadBatchAsync(exporter, reader, context.BatchSize, cancellationToken)).ConfigureAwait(false) is { } batch)
                {
                    yield return batch;
                }
            }
        }
        finally
        {
            if (_sharedDataSource is null)
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Describes the source, e.g. <c>postgresql postgresql://me@db:5432/market/ticks</c> (no password).</summary>
    /// <returns>The description.</returns>
    public string Describe() => $"postgresql {_display}";

    private Schema ResultSchema() => _schema ??= Task.Run(() => DescribeResultAsync(CancellationToken.None)).GetAwaiter().GetResult().Schema;

    private Schema CheckDeclared(Schema declared)
    {
        ResultSchema();
        _ = new PostgresCopyReader(_what, _result!, declared, 0);
        return declared;
    }

    private static (string Query, string What) TableQuery(string table)
    {
        var name = PostgresTableName.Parse(table);
        return ($"SELECT * FROM {name.Quoted}", $"table '{name}'");
    }

    private async Task<(IReadOnlyList<PostgresResultColumn> Result, Schema Schema)> DescribeResultAsync(CancellationToken cancellationToken)
    {
        var dataSource = _sharedDataSource ?? NpgsqlDataSource.Create(_connectionString!);
        try
        {
            await using var connection = await OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
            return await DescribeResultAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_sharedDataSource is null)
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<(IReadOnlyList<PostgresResultColumn> Result, Schema Schema)> DescribeResultAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_result is not null && _schema is not null)
        {
            return (_result, _schema);
        }

        var columns = new List<PostgresResultColumn>();
        await using (var command = new NpgsqlCommand(_query, connection))
        {
            await using var reader = await Guard(command.ExecuteReaderAsync(System.Data.CommandBehavior.SchemaOnly, cancellationToken)).ConfigureAwait(false);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var type = reader.GetPostgresType(i);
                var baseType = type is PostgresDomainType domain ? domain.BaseType : type;
                columns.Add(new PostgresResultColumn(reader.GetName(i), baseType.InternalName, type.DisplayName));
            }
        }

        var fields = new List<Field>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var type = PostgresTypes.SourceType(column.TypeName) ?? throw new SchemaException(
                $"Column '{column.Name}' of PostgreSQL {_what} is {column.DisplayType}, which Otters cannot read; cast it in a query (e.g. \"{column.Name}\"::text).");
            if (!names.Add(column.Name))
            {
                throw new SchemaException($"PostgreSQL {_what} returns two columns named '{column.Name}'; give one an alias.");
            }

            fields.Add(new Field(column.Name, type));
        }

        _result = columns;
        _schema = new Schema(fields);
        return (_result, _schema);
    }

    private async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        await Guard(dataSource.OpenConnectionAsync(cancellationToken).AsTask()).ConfigureAwait(false);

    /// <summary>Awaits a database call, turning its failure into an error that names the table or query and the server.</summary>
    private async Task<T> Guard<T>(Task<T> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new OttersException($"Reading PostgreSQL {_what} ({_display}) failed: {ex.Message}", ex);
        }
    }

    /// <summary>Reads up to <paramref name="batchSize"/> rows; returns null at the end of the data.</summary>
    private static async Task<RecordBatch?> ReadBatchAsync(NpgsqlBinaryExporter exporter, PostgresCopyReader reader, int batchSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (reader.Length < batchSize && await exporter.StartRowAsync(cancellationToken).ConfigureAwait(false) >= 0)
        {
            await reader.ReadRowAsync(exporter, cancellationToken).ConfigureAwait(false);
        }

        return reader.Length > 0 ? reader.TakeBatch() : null;
    }
}
