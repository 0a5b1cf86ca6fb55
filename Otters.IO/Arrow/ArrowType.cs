namespace Otters.IO.Arrow;

/// <summary>
/// One Arrow data type as the IPC metadata describes it. Only the parameters of the types Otters
/// maps are kept; any other type is carried by its id so that errors can name it.
/// </summary>
/// <param name="Id">The union member.</param>
/// <param name="BitWidth">The width of an Int, or of a FloatingPoint (16, 32 or 64).</param>
/// <param name="IsSigned">Whether an Int is signed.</param>
/// <param name="Unit">The unit of a Timestamp.</param>
/// <param name="Timezone">The timezone of a Timestamp, or null for a naive timestamp.</param>
internal readonly record struct ArrowType(ArrowTypeId Id, int BitWidth, bool IsSigned, ArrowTimeUnit Unit, string? Timezone)
{
    /// <summary>Gets the UTF-8 string type.</summary>
    public static ArrowType Utf8 => new(ArrowTypeId.Utf8, 0, false, default, null);

    /// <summary>Gets the boolean type.</summary>
    public static ArrowType Bool => new(ArrowTypeId.Bool, 0, false, default, null);

    /// <summary>Gets the 64-bit floating point type.</summary>
    public static ArrowType Float64 => new(ArrowTypeId.FloatingPoint, 64, true, default, null);

    /// <summary>Gets the 32-bit floating point type.</summary>
    public static ArrowType Float32 => new(ArrowTypeId.FloatingPoint, 32, true, default, null);

    /// <summary>Gets a signed integer type of <paramref name="bitWidth"/> bits.</summary>
    public static ArrowType SignedInt(int bitWidth) => new(ArrowTypeId.Int, bitWidth, true, default, null);

    /// <summary>Gets a timestamp type.</summary>
    public static ArrowType Timestamp(ArrowTimeUnit unit, string? timezone) => new(ArrowTypeId.Timestamp, 64, true, unit, timezone);

    /// <inheritdoc/>
    public override string ToString() => Id switch
    {
        ArrowTypeId.Int => $"{(IsSigned ? "int" : "uint")}{BitWidth}",
        ArrowTypeId.FloatingPoint => $"float{BitWidth}",
        ArrowTypeId.Utf8 => "utf8",
        ArrowTypeId.Bool => "bool",
        ArrowTypeId.Timestamp => Timezone is null ? $"timestamp[{UnitName(Unit)}]" : $"timestamp[{UnitName(Unit)}, {Timezone}]",
        _ => Id.ToString(),
    };

    private static string UnitName(ArrowTimeUnit unit) => unit switch
    {
        ArrowTimeUnit.Second => "s",
        ArrowTimeUnit.Millisecond => "ms",
        ArrowTimeUnit.Microsecond => "us",
        ArrowTimeUnit.Nanosecond => "ns",
        _ => unit.ToString(),
    };
}
