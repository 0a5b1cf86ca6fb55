using System.Numerics;
using System.Runtime.InteropServices;
using Otters.Memory;
using static Otters.IO.Arrow.ArrowBufferChecks;

namespace Otters.IO.Arrow;

/// <summary>
/// Reads fixed-width Arrow columns. Widths Otters holds natively are a copy of the values buffer;
/// narrower ones widen: float32 to float64, int8/int16/uint8/uint16 to int32, uint32 to int64.
/// </summary>
internal static class ArrowNumericReader
{
    /// <summary>Reads a column of <paramref name="type"/> from an Arrow values buffer of <paramref name="field"/>'s type.</summary>
    public static Column Read(ColumnType type, ArrowField field, int length, AlignedBuffer? validity, int nullCount, ReadOnlySpan<byte> values)
    {
        var arrow = field.Type;
        return (type.Kind, arrow.BitWidth, arrow.IsSigned) switch
        {
            (ColumnKind.Float64, 64, _) or (ColumnKind.Int64 or ColumnKind.Timestamp, 64, true) or (ColumnKind.Int32, 32, true) => Copy(type, field, length, validity, nullCount, values),
            (ColumnKind.Float64, 32, _) => Widen<float, double>(type, field, length, validity, nullCount, values),
            (ColumnKind.Int32, 16, true) => Widen<short, int>(type, field, length, validity, nullCount, values),
            (ColumnKind.Int32, 16, false) => Widen<ushort, int>(type, field, length, validity, nullCount, values),
            (ColumnKind.Int32, 8, true) => Widen<sbyte, int>(type, field, length, validity, nullCount, values),
            (ColumnKind.Int32, 8, false) => Widen<byte, int>(type, field, length, validity, nullCount, values),
            (ColumnKind.Int64, 32, false) => Widen<uint, long>(type, field, length, validity, nullCount, values),
            _ => throw new InvalidDataException($"Column '{field.Name}' has Arrow type {arrow}, which does not map to {type}."),
        };
    }

    private static Column Copy(ColumnType type, ArrowField field, int length, AlignedBuffer? validity, int nullCount, ReadOnlySpan<byte> values) => type.Kind switch
    {
        ColumnKind.Float64 => new PrimitiveColumn<double>(type, ArrowBufferChecks.Copy(field, values, (long)length * sizeof(double)), validity, length, nullCount),
        ColumnKind.Int32 => new PrimitiveColumn<int>(type, ArrowBufferChecks.Copy(field, values, (long)length * sizeof(int)), validity, length, nullCount),
        _ => new PrimitiveColumn<long>(type, ArrowBufferChecks.Copy(field, values, (long)length * sizeof(long)), validity, length, nullCount),
    };

    private static PrimitiveColumn<TTarget> Widen<TSource, TTarget>(ColumnType type, ArrowField field, int length, AlignedBuffer? validity, int nullCount, ReadOnlySpan<byte> values)
        where TSource : unmanaged, INumberBase<TSource>
        where TTarget : unmanaged, INumberBase<TTarget>
    {
        Require(field, values, (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<TSource>());
        var targetBytes = (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<TTarget>();
        if (targetBytes > int.MaxValue - AlignedBuffer.Alignment)
        {
            Fail($"Column '{field.Name}' has {length} values, too many to widen to {type} in one batch.");
        }

        var source = MemoryMarshal.Cast<byte, TSource>(values)[..length];
        var widened = AlignedBuffer.Allocate((int)targetBytes, zero: false);
        var target = widened.AsSpan<TTarget>();
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = TTarget.CreateTruncating(source[i]);
        }

        return new PrimitiveColumn<TTarget>(type, widened, validity, length, nullCount);
    }
}
