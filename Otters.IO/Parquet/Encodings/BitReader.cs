using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Otters.IO.Parquet.Encodings;

/// <summary>Reads little-endian bit-packed values of up to 64 bits, zero-filling past the end of the span.</summary>
internal static class BitReader
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Read(ReadOnlySpan<byte> packed, long bit, int width)
    {
        var index = (int)(bit >> 3);
        var shift = (int)(bit & 7);
        ulong word = index + 8 <= packed.Length
            ? BinaryPrimitives.ReadUInt64LittleEndian(packed.Slice(index, 8))
            : ReadPartial(packed, index);
        var value = word >> shift;
        if (shift + width > 64)
        {
            var next = index + 8 < packed.Length ? packed[index + 8] : (byte)0;
            value |= (ulong)next << (64 - shift);
        }

        return width == 64 ? value : value & ((1UL << width) - 1);
    }

    private static ulong ReadPartial(ReadOnlySpan<byte> packed, int index)
    {
        ulong word = 0;
        for (var i = 0; i < 8 && index + i < packed.Length; i++)
        {
            word |= (ulong)packed[index + i] << (8 * i);
        }

        return word;
    }
}
