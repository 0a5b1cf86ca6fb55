using Npgsql;

namespace Otters.IO.Postgres;

/// <summary>A column of an existing table, as the catalog describes it.</summary>
/// <param name="Name">The column name.</param>
/// <param name="TypeName">The internal type name (<c>pg_type.typname</c>, e.g. <c>float8</c>).</param>
/// <param name="DisplayType">The type as SQL (e.g. <c>double precision</c>), for messages.</param>
/// <param name="NotNull">Whether the column is NOT NULL.</param>
/// <param name="HasDefault">Whether the column fills itself (a default, identity or generated).</param>
internal sealed record PostgresColumnInfo(string Name, string TypeName, string DisplayType, bool NotNull, bool HasDefault);

/// <summary>The columns and unique keys of an existing table.</summary>
internal sealed class PostgresTableInfo
{
    private const string ColumnsSql = """
        SELECT a.attname::text, bt.typname::text, format_type(a.atttypid, a.atttypmod),
               a.attnotnull, a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> ''
        FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
        WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    private const string UniqueKeysSql = """
        SELECT array_agg(a.attname::text)
        FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = $1 AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
        GROUP BY i.indexrelid
        """;

    private PostgresTableInfo(IReadOnlyList<PostgresColumnInfo> columns, IReadOnlyList<string[]> uniqueKeys)
    {
        Columns = columns;
        UniqueKeys = uniqueKeys;
    }

    /// <summary>Gets the columns in table order.</summary>
    public IReadOnlyList<PostgresColumnInfo> Columns { get; }

    /// <summary>Gets the column sets of the table's unique indexes (the primary key included).</summary>
    public IReadOnlyList<string[]> UniqueKeys { get; }

    /// <summary>Reads a table's description, or returns null when the table does not exist.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="table">The table.</param>
    /// <param name="cancellationToken">Aborts the queries.</param>
    /// <returns>The description or null.</returns>
    public static async Task<PostgresTableInfo?> LoadAsync(NpgsqlConnection connection, PostgresTableName table, CancellationToken cancellationToken)
    {
        uint oid;
        await using (var command = new NpgsqlCommand("SELECT to_regclass($1)::oid", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = table.Quoted });
            var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (result is null or DBNull)
            {
                return null;
            }

            oid = (uint)result;
        }

        var columns = new List<PostgresColumnInfo>();
        await using (var command = new NpgsqlCommand(ColumnsSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = oid, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add(new PostgresColumnInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetBoolean(4)));
            }
        }

        var keys = new List<string[]>();
        await using (var command = new NpgsqlCommand(UniqueKeysSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = oid, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(reader.GetFieldValue<string[]>(0));
            }
        }

        return new PostgresTableInfo(columns, keys);
    }

    /// <summary>Finds a column by exact name, else by a unique case-insensitive match (for tables created with unquoted names).</summary>
    /// <param name="name">The Otters column name.</param>
    /// <returns>The column or null.</returns>
    public PostgresColumnInfo? Find(string name)
    {
        PostgresColumnInfo? folded = null;
        var foldedCount = 0;
        foreach (var column in Columns)
        {
            if (column.Name == name)
            {
                return column;
            }

            if (string.Equals(column.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                folded = column;
                foldedCount++;
            }
        }

        return foldedCount == 1 ? folded : null;
    }
}
