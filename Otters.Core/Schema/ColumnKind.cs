namespace Otters;

/// <summary>The physical kind of a column.</summary>
public enum ColumnKind
{
    /// <summary>UTF-8 text: int32 offsets and a data buffer.</summary>
    String,

    /// <summary>64-bit IEEE floating point.</summary>
    Float64,

    /// <summary>64-bit signed integer.</summary>
    Int64,

    /// <summary>32-bit signed integer.</summary>
    Int32,

    /// <summary>One bit per value, LSB first.</summary>
    Boolean,

    /// <summary>64-bit signed count of a <see cref="TimeUnit"/> since the Unix epoch, UTC.</summary>
    Timestamp,
}
