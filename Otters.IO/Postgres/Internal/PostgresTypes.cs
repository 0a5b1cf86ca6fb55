using NpgsqlTypes;

namespace Otters.IO.Postgres;

/// <summary>How one Otters column is written into one PostgreSQL column by binary COPY.</summary>
internal enum CopyWriteKind
{
    /// <summary>UTF-8 bytes into text, varchar, char or citext.</summary>
    Text,

    /// <summary>double into double precision.</summary>
    Float8,

    /// <summary>long into bigint.</summary>
    Int8,

    /// <summary>int into integer.</summary>
    Int4,

    /// <summary>int widened to long into bigint.</summary>
    Int4AsInt8,

    /// <summary>bool into boolean.</summary>
    Bool,

    /// <summary>PostgreSQL microseconds into timestamptz.</summary>
    TimestampTz,

    /// <summary>PostgreSQL microseconds (UTC wall time) into timestamp without time zone.</summary>
    Timestamp,
}

/// <summary>How one PostgreSQL result column is read by binary COPY into one Otters column.</summary>
internal enum CopyReadKind
{
    /// <summary>Not read: skipped.</summary>
    Skip,

    /// <summary>text-like into String.</summary>
    Text,

    /// <summary>double precision into Float64.</summary>
    Float8,

    /// <summary>real widened into Float64.</summary>
    Float4,

    /// <summary>numeric into Float64 (through decimal).</summary>
    Numeric,

    /// <summary>bigint into Int64.</summary>
    Int8,

    /// <summary>integer into Int32 or Int64.</summary>
    Int4,

    /// <summary>smallint into Int32 or Int64.</summary>
    Int2,

    /// <summary>boolean into Boolean.</summary>
    Bool,

    /// <summary>timestamptz into Timestamp.</summary>
    TimestampTz,

    /// <summary>timestamp without time zone, taken as UTC, into Timestamp.</summary>
    Timestamp,

    /// <summary>date, as midnight UTC, into Timestamp.</summary>
    Date,
}

/// <summary>
/// The mapping between Otters column types and PostgreSQL types. Created tables use:
/// String -> text, Float64 -> double precision, Int64 -> bigint, Int32 -> integer, Boolean -> boolean,
/// Timestamp (any unit) -> timestamptz (microseconds; nanoseconds are truncated).
/// </summary>
internal static class PostgresTypes
{
    /// <summary>Microseconds from the Unix epoch (1970-01-01) to PostgreSQL's (2000-01-01).</summary>
    public const long PostgresEpochMicros = 946_684_800_000_000;

    private static readonly HashSet<string> s_textTypes = new(StringComparer.Ordinal) { "text", "varchar", "bpchar", "citext", "name" };

    /// <summary>Returns the column type Otters creates for <paramref name="type"/>.</summary>
    /// <param name="type">The Otters type.</param>
    /// <returns>The PostgreSQL type as SQL.</returns>
    public static string DdlType(ColumnType type) => type.Kind switch
    {
        ColumnKind.String => "text",
        ColumnKind.Float64 => "double precision",
        ColumnKind.Int64 => "bigint",
        ColumnKind.Int32 => "integer",
        ColumnKind.Boolean => "boolean",
        ColumnKind.Timestamp => "timestamptz",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown column type."),
    };

    /// <summary>Describes the PostgreSQL types an Otters type can be written into, for messages.</summary>
    /// <param name="type">The Otters type.</param>
    /// <returns>The accepted types as text.</returns>
    public static string AcceptedTypes(ColumnType type) => type.Kind switch
    {
        ColumnKind.String => "text, varchar, char or citext",
        ColumnKind.Float64 => "double precision",
        ColumnKind.Int64 => "bigint",
        ColumnKind.Int32 => "integer or bigint",
        ColumnKind.Boolean => "boolean",
        _ => "timestamptz or timestamp",
    };

    /// <summary>Picks how to write an Otters column into a PostgreSQL column, if binary COPY can.</summary>
    /// <param name="type">The Otters type.</param>
    /// <param name="typname">The PostgreSQL column's internal type name (<c>pg_type.typname</c>).</param>
    /// <param name="kind">The write kind.</param>
    /// <returns>False when the types are not compatible.</returns>
    public static bool TryGetWriteKind(ColumnType type, string typname, out CopyWriteKind kind)
    {
        kind = (type.Kind, typname) switch
        {
            (ColumnKind.String, _) when s_textTypes.Contains(typname) && typname != "name" => CopyWriteKind.Text,
            (ColumnKind.Float64, "float8") => CopyWriteKind.Float8,
            (ColumnKind.Int64, "int8") => CopyWriteKind.Int8,
            (ColumnKind.Int32, "int4") => CopyWriteKind.Int4,
            (ColumnKind.Int32, "int8") => CopyWriteKind.Int4AsInt8,
            (ColumnKind.Boolean, "bool") => CopyWriteKind.Bool,
            (ColumnKind.Timestamp, "timestamptz") => CopyWriteKind.TimestampTz,
            (ColumnKind.Timestamp, "timestamp") => CopyWriteKind.Timestamp,
            _ => (CopyWriteKind)(-1),
        };
        return (int)kind >= 0;
    }

    /// <summary>Returns the Otters type a source gives a PostgreSQL result column, or null when Otters cannot read it.</summary>
    /// <param name="typname">The column's internal type name.</param>
    /// <returns>The Otters type or null.</returns>
    public static ColumnType? SourceType(string typname) => typname switch
    {
        _ when s_textTypes.Contains(typname) => ColumnType.String,
        "float8" or "float4" or "numeric" => ColumnType.Float64,
        "int8" => ColumnType.Int64,
        "int4" or "int2" => ColumnType.Int32,
        "bool" => ColumnType.Boolean,
        "timestamptz" or "timestamp" or "date" => ColumnType.Timestamp(TimeUnit.Microsecond),
        _ => null,
    };

    /// <summary>Picks how to read a PostgreSQL result column into an Otters column of <paramref name="target"/>.</summary>
    /// <param name="typname">The column's internal type name.</param>
    /// <param name="target">The Otters type wanted.</param>
    /// <param name="kind">The read kind.</param>
    /// <returns>False when the types are not compatible.</returns>
    public static bool TryGetReadKind(string typname, ColumnType target, out CopyReadKind kind)
    {
        kind = (target.Kind, typname) switch
        {
            (ColumnKind.String, _) when s_textTypes.Contains(typname) => CopyReadKind.Text,
            (ColumnKind.Float64, "float8") => CopyReadKind.Float8,
            (ColumnKind.Float64, "float4") => CopyReadKind.Float4,
            (ColumnKind.Float64, "numeric") => CopyReadKind.Numeric,
            (ColumnKind.Int64, "int8") => CopyReadKind.Int8,
            (ColumnKind.Int64 or ColumnKind.Int32, "int4") => CopyReadKind.Int4,
            (ColumnKind.Int64 or ColumnKind.Int32, "int2") => CopyReadKind.Int2,
            (ColumnKind.Boolean, "bool") => CopyReadKind.Bool,
            (ColumnKind.Timestamp, "timestamptz") => CopyReadKind.TimestampTz,
            (ColumnKind.Timestamp, "timestamp") => CopyReadKind.Timestamp,
            (ColumnKind.Timestamp, "date") => CopyReadKind.Date,
            _ => CopyReadKind.Skip,
        };
        return kind != CopyReadKind.Skip;
    }

    /// <summary>Gets the Npgsql type a write kind sends.</summary>
    /// <param name="kind">The write kind.</param>
    /// <returns>The Npgsql type.</returns>
    public static NpgsqlDbType DbType(CopyWriteKind kind) => kind switch
    {
        CopyWriteKind.Text => NpgsqlDbType.Text,
        CopyWriteKind.Float8 => NpgsqlDbType.Double,
        CopyWriteKind.Int8 or CopyWriteKind.Int4AsInt8 => NpgsqlDbType.Bigint,
        CopyWriteKind.Int4 => NpgsqlDbType.Integer,
        CopyWriteKind.Bool => NpgsqlDbType.Boolean,
        CopyWriteKind.TimestampTz => NpgsqlDbType.TimestampTz,
        _ => NpgsqlDbType.Timestamp,
    };

    /// <summary>Converts a count of <paramref name="unit"/> since the Unix epoch to PostgreSQL microseconds since 2000-01-01.</summary>
    /// <param name="value">The Otters timestamp.</param>
    /// <param name="unit">Its unit.</param>
    /// <returns>The PostgreSQL timestamp; nanoseconds are truncated (rounded down) to microseconds.</returns>
    public static long ToPostgresMicros(long value, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => (value * 1_000_000) - PostgresEpochMicros,
        TimeUnit.Millisecond => (value * 1_000) - PostgresEpochMicros,
        TimeUnit.Microsecond => value - PostgresEpochMicros,
        _ => FloorDiv(value, 1_000) - PostgresEpochMicros,
    };

    /// <summary>Converts PostgreSQL microseconds since 2000-01-01 to a count of <paramref name="unit"/> since the Unix epoch.</summary>
    /// <param name="postgresMicros">The PostgreSQL timestamp.</param>
    /// <param name="unit">The unit wanted; coarser units round down.</param>
    /// <returns>The Otters timestamp.</returns>
    public static long FromPostgresMicros(long postgresMicros, TimeUnit unit)
    {
        var micros = postgresMicros + PostgresEpochMicros;
        return unit switch
        {
            TimeUnit.Second => FloorDiv(micros, 1_000_000),
            TimeUnit.Millisecond => FloorDiv(micros, 1_000),
            TimeUnit.Microsecond => micros,
            _ => micros * 1_000,
        };
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}
