namespace Otters.IO.Postgres;

/// <summary>
/// A table name as users write it, <c>table</c> or <c>schema.table</c>, taken literally (case kept):
/// Otters always quotes identifiers, so <c>Ticks</c> and <c>ticks</c> are different tables.
/// </summary>
internal sealed class PostgresTableName
{
    private PostgresTableName(string? schema, string name)
    {
        Schema = schema;
        Name = name;
        Quoted = schema is null ? Quote(name) : $"{Quote(schema)}.{Quote(name)}";
        Display = schema is null ? name : $"{schema}.{name}";
    }

    /// <summary>Gets the schema, or null for the connection's search path.</summary>
    public string? Schema { get; }

    /// <summary>Gets the table's own name.</summary>
    public string Name { get; }

    /// <summary>Gets the name as SQL, each part quoted.</summary>
    public string Quoted { get; }

    /// <summary>Gets the name as the user wrote it, for messages.</summary>
    public string Display { get; }

    /// <summary>Parses <c>table</c> or <c>schema.table</c>.</summary>
    /// <param name="table">The name.</param>
    /// <returns>The parsed name.</returns>
    public static PostgresTableName Parse(string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        var dot = table.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return new PostgresTableName(null, table);
        }

        var schema = table[..dot];
        var name = table[(dot + 1)..];
        if (schema.Length == 0 || name.Length == 0 || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The PostgreSQL table name '{table}' is not valid: write table or schema.table.", nameof(table));
        }

        return new PostgresTableName(schema, name);
    }

    /// <summary>Quotes an identifier for SQL, doubling embedded quotes.</summary>
    /// <param name="identifier">The identifier.</param>
    /// <returns>The quoted identifier.</returns>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <inheritdoc/>
    public override string ToString() => Display;
}
