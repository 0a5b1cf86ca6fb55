namespace Otters;

/// <summary>The type of a column: one of the kinds Otters stores, with a unit for timestamps.</summary>
public sealed class ColumnType : IEquatable<ColumnType>
{
    private static readonly ColumnType[] s_timestamps =
    [
        new(ColumnKind.Timestamp, TimeUnit.Second),
        new(ColumnKind.Timestamp, TimeUnit.Millisecond),
        new(ColumnKind.Timestamp, TimeUnit.Microsecond),
        new(ColumnKind.Timestamp, TimeUnit.Nanosecond),
    ];

    private ColumnType(ColumnKind kind, TimeUnit unit = default)
    {
        Kind = kind;
        Unit = unit;
    }

    /// <summary>Gets the UTF-8 string type.</summary>
    public static ColumnType String { get; } = new(ColumnKind.String);

    /// <summary>Gets the 64-bit floating point type.</summary>
    public static ColumnType Float64 { get; } = new(ColumnKind.Float64);

    /// <summary>Gets the 64-bit integer type.</summary>
    public static ColumnType Int64 { get; } = new(ColumnKind.Int64);

    /// <summary>Gets the 32-bit integer type.</summary>
    public static ColumnType Int32 { get; } = new(ColumnKind.Int32);

    /// <summary>Gets the boolean type.</summary>
    public static ColumnType Boolean { get; } = new(ColumnKind.Boolean);

    /// <summary>Gets the kind of the column.</summary>
    public ColumnKind Kind { get; }

    /// <summary>Gets the unit of a timestamp column; meaningless for other kinds.</summary>
    public TimeUnit Unit { get; }

    /// <summary>Gets a value indicating whether the type holds numbers a statistic can read (Float64, Int64, Int32).</summary>
    public bool IsNumeric => Kind is ColumnKind.Float64 or ColumnKind.Int64 or ColumnKind.Int32;

    /// <summary>Returns the timestamp type of the given unit: an int64 count since the Unix epoch, UTC.</summary>
    /// <param name="unit">The unit of the count.</param>
    /// <returns>The timestamp type.</returns>
    public static ColumnType Timestamp(TimeUnit unit)
    {
        if ((uint)unit > (uint)TimeUnit.Nanosecond)
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "The time unit must be Second, Millisecond, Microsecond or Nanosecond.");
        }

        return s_timestamps[(int)unit];
    }

    /// <inheritdoc/>
    public bool Equals(ColumnType? other) => other is not null && other.Kind == Kind && (Kind != ColumnKind.Timestamp || other.Unit == Unit);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ColumnType);

    /// <inheritdoc/>
    public override int GetHashCode() => Kind == ColumnKind.Timestamp ? HashCode.Combine(Kind, Unit) : Kind.GetHashCode();

    /// <summary>Returns the type's name as in Arrow, e.g. <c>float64</c> or <c>timestamp[us]</c>.</summary>
    /// <returns>The type's name.</returns>
    public override string ToString() => Kind switch
    {
        ColumnKind.String => "string",
        ColumnKind.Float64 => "float64",
        ColumnKind.Int64 => "int64",
        ColumnKind.Int32 => "int32",
        ColumnKind.Boolean => "bool",
        _ => Unit switch
        {
            TimeUnit.Second => "timestamp[s]",
            TimeUnit.Millisecond => "timestamp[ms]",
            TimeUnit.Microsecond => "timestamp[us]",
            _ => "timestamp[ns]",
        },
    };

    /// <summary>Compares two types by value.</summary>
    /// <param name="left">The first type.</param>
    /// <param name="right">The second type.</param>
    /// <returns>True when both are the same type.</returns>
    public static bool operator ==(ColumnType? left, ColumnType? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two types by value.</summary>
    /// <param name="left">The first type.</param>
    /// <param name="right">The second type.</param>
    /// <returns>True when the types differ.</returns>
    public static bool operator !=(ColumnType? left, ColumnType? right) => !(left == right);
}
