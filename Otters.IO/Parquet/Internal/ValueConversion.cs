namespace Otters.IO.Parquet.Internal;

/// <summary>How a leaf's physical values become the column's values.</summary>
internal enum ValueConversion
{
    /// <summary>The physical value is the column value (DOUBLE, INT64, INT32, BOOLEAN, BYTE_ARRAY).</summary>
    None,

    /// <summary>FLOAT widened to double.</summary>
    FloatToDouble,

    /// <summary>INT32 days since the epoch (DATE) to milliseconds at midnight UTC.</summary>
    DaysToMillis,

    /// <summary>INT96 (nanoseconds of day, Julian day) to nanoseconds since the epoch.</summary>
    Int96ToNanos,
}
