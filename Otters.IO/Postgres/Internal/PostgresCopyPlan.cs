using System.Text;

namespace Otters.IO.Postgres;

/// <summary>One schema column and the table column it is copied into.</summary>
/// <param name="SchemaIndex">The column's index in the batches.</param>
/// <param name="TargetName">The table column's name, quoted.</param>
/// <param name="Kind">How values are written.</param>
/// <param name="Unit">The time unit of a timestamp column.</param>
internal readonly record struct CopyColumn(int SchemaIndex, string TargetName, CopyWriteKind Kind, TimeUnit Unit);

/// <summary>
/// How batches of one schema are loaded into one table: the column mapping, checked against the table,
/// and the SQL of the COPY (and, in upsert mode, of the staging table and the merge).
/// </summary>
internal sealed class PostgresCopyPlan
{
    private PostgresCopyPlan(CopyColumn[] columns, string copySql, string? stageSql, string? mergeSql)
    {
        Columns = columns;
        CopySql = copySql;
        StageSql = stageSql;
        MergeSql = mergeSql;
    }

    /// <summary>Gets the columns in COPY order.</summary>
    public CopyColumn[] Columns { get; }

    /// <summary>Gets the <c>COPY ... FROM STDIN (FORMAT BINARY)</c> statement.</summary>
    public string CopySql { get; }

    /// <summary>Gets the statements creating the session's staging table in upsert mode, or null.</summary>
    public string? StageSql { get; }

    /// <summary>Gets the <c>INSERT ... ON CONFLICT</c> moving staged rows into the table in upsert mode, or null.</summary>
    public string? MergeSql { get; }

    /// <summary>Returns the <c>CREATE TABLE IF NOT EXISTS</c> for a schema (with a primary key over the upsert key).</summary>
    /// <param name="table">The table.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="key">The upsert key columns, or empty.</param>
    /// <returns>The SQL.</returns>
    public static string CreateTableSql(PostgresTableName table, Schema schema, IReadOnlyList<string> key)
    {
        var sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").Append(table.Quoted).Append(" (");
        for (var i = 0; i < schema.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(PostgresTableName.Quote(schema[i].Name)).Append(' ').Append(PostgresTypes.DdlType(schema[i].Type));
        }

        if (key.Count > 0)
        {
            sql.Append(", PRIMARY KEY (").AppendJoin(", ", key.Select(PostgresTableName.Quote)).Append(')');
        }

        return sql.Append(')').ToString();
    }

    /// <summary>Checks that the upsert key columns are in the schema.</summary>
    /// <param name="table">The table, for messages.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="key">The key columns.</param>
    /// <exception cref="SchemaException">A key column is missing.</exception>
    public static void CheckKey(PostgresTableName table, Schema schema, IReadOnlyList<string> key)
    {
        foreach (var column in key)
        {
            if (!schema.Contains(column))
            {
                throw new SchemaException(
                    $"The upsert key column '{column}' of PostgreSQL table '{table}' is not in the schema the sink receives ({schema}).");
            }
        }

        if (key.Distinct(StringComparer.Ordinal).Count() != key.Count)
        {
            throw new SchemaException($"The upsert key of PostgreSQL table '{table}' names a column twice ({string.Join(", ", key)}).");
        }
    }

    /// <summary>Maps a schema onto an existing table, checking names and types.</summary>
    /// <param name="table">The table.</param>
    /// <param name="info">The table's description.</param>
    /// <param name="schema">The schema the sink receives.</param>
    /// <param name="key">The upsert key columns, or empty.</param>
    /// <param name="stageName">The session's staging table name in upsert mode.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="SchemaException">The table cannot take the schema; the message names table and column.</exception>
    public static PostgresCopyPlan Create(PostgresTableName table, PostgresTableInfo info, Schema schema, IReadOnlyList<string> key, string stageName)
    {
        CheckKey(table, schema, key);
        var columns = new CopyColumn[schema.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        var targetByField = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < schema.Count; i++)
        {
            var field = schema[i];
            var target = info.Find(field.Name) ?? throw new SchemaException(
                $"PostgreSQL table '{table}' has no column '{field.Name}' for the sink's {field.Type} column (table columns: {Describe(info)}).");
            if (!PostgresTypes.TryGetWriteKind(field.Type, target.TypeName, out var kind))
            {
                throw new SchemaException(
                    $"Column '{target.Name}' of PostgreSQL table '{table}' is {target.DisplayType}, which cannot take the sink's {field.Type} column '{field.Name}' (expected {PostgresTypes.AcceptedTypes(field.Type)}).");
            }

            used.Add(target.Name);
            targetByField[field.Name] = PostgresTableName.Quote(target.Name);
            columns[i] = new CopyColumn(i, PostgresTableName.Quote(target.Name), kind, field.Type.Unit);
        }

        foreach (var column in info.Columns)
        {
            if (column.NotNull && !column.HasDefault && !used.Contains(column.Name))
            {
                throw new SchemaException(
                    $"Column '{column.Name}' of PostgreSQL table '{table}' is NOT NULL without a default, but the sink's schema ({schema}) has no such column.");
            }
        }

        var columnList = string.Join(", ", columns.Select(c => c.TargetName));
        if (key.Count == 0)
        {
            return new PostgresCopyPlan(columns, $"COPY {table.Quoted} ({columnList}) FROM STDIN (FORMAT BINARY)", null, null);
        }

        var keyTargets = key.Select(k => info.Find(k)!.Name).ToArray();
        if (!info.UniqueKeys.Any(u => u.Length == keyTargets.Length && !u.Except(keyTargets, StringComparer.Ordinal).Any()))
        {
            throw new SchemaException(
                $"PostgreSQL table '{table}' has no primary key or unique index on exactly ({string.Join(", ", keyTargets)}), which upsert mode (?key=) needs for ON CONFLICT.");
        }

        var quotedKeys = string.Join(", ", key.Select(k => targetByField[k]));
        var updates = columns.Where(c => !key.Any(k => targetByField[k] == c.TargetName)).Select(c => $"{c.TargetName} = EXCLUDED.{c.TargetName}").ToArray();
        var stage = PostgresTableName.Quote(stageName);
        var stageSql = $"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS SELECT {columnList} FROM {table.Quoted} WITH NO DATA; "
            + $"ALTER TABLE {stage} ADD COLUMN IF NOT EXISTS otters_seq bigint GENERATED ALWAYS AS IDENTITY";

        // DISTINCT ON keeps the last row of each key within a batch: ON CONFLICT cannot touch one row twice in a statement.
        var mergeSql = $"INSERT INTO {table.Quoted} ({columnList}) SELECT DISTINCT ON ({quotedKeys}) {columnList} FROM {stage} "
            + $"ORDER BY {quotedKeys}, otters_seq DESC ON CONFLICT ({quotedKeys}) "
            + (updates.Length == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", updates));
        return new PostgresCopyPlan(columns, $"COPY {stage} ({columnList}) FROM STDIN (FORMAT BINARY)", stageSql, mergeSql);
    }

    private static string Describe(PostgresTableInfo info) =>
        info.Columns.Count == 0 ? "none" : string.Join(", ", info.Columns.Select(c => $"{c.Name} {c.DisplayType}"));
}
