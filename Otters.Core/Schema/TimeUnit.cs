namespace Otters;

/// <summary>The unit of a <see cref="ColumnType.Timestamp(TimeUnit)"/> column: the count since the Unix epoch, UTC.</summary>
public enum TimeUnit
{
    /// <summary>Seconds since the Unix epoch.</summary>
    Second,

    /// <summary>Milliseconds since the Unix epoch.</summary>
    Millisecond,

    /// <summary>Microseconds since the Unix epoch.</summary>
    Microsecond,

    /// <summary>Nanoseconds since the Unix epoch.</summary>
    Nanosecond,
}
