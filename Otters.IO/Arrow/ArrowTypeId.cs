namespace Otters.IO.Arrow;

/// <summary>The members of the <c>Type</c> union in Arrow's Schema.fbs, numbered as the union tags are.</summary>
internal enum ArrowTypeId : byte
{
    /// <summary>No type was given.</summary>
    None = 0,
    /// <summary>All values null.</summary>
    Null = 1,
    /// <summary>Integers of a bit width and signedness.</summary>
    Int = 2,
    /// <summary>IEEE floating point numbers of a precision.</summary>
    FloatingPoint = 3,
    /// <summary>Variable length bytes with int32 offsets.</summary>
    Binary = 4,
    /// <summary>UTF-8 strings with int32 offsets.</summary>
    Utf8 = 5,
    /// <summary>Bit-packed booleans.</summary>
    Bool = 6,
    /// <summary>Decimals.</summary>
    Decimal = 7,
    /// <summary>Dates.</summary>
    Date = 8,
    /// <summary>Times of day.</summary>
    Time = 9,
    /// <summary>Int64 instants since the Unix epoch, with a unit and an optional timezone.</summary>
    Timestamp = 10,
    /// <summary>Calendar intervals.</summary>
    Interval = 11,
    /// <summary>Lists.</summary>
    List = 12,
    /// <summary>Structs.</summary>
    Struct = 13,
    /// <summary>Unions.</summary>
    Union = 14,
    /// <summary>Fixed width binary.</summary>
    FixedSizeBinary = 15,
    /// <summary>Fixed size lists.</summary>
    FixedSizeList = 16,
    /// <summary>Maps.</summary>
    Map = 17,
    /// <summary>Durations.</summary>
    Duration = 18,
    /// <summary>Variable length bytes with int64 offsets.</summary>
    LargeBinary = 19,
    /// <summary>UTF-8 strings with int64 offsets.</summary>
    LargeUtf8 = 20,
}
