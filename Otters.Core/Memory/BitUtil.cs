using System.Numerics;
using System.Runtime.CompilerServices;

namespace Otters.Memory;

/// <summary>Bit helpers for Arrow's LSB-first bitmaps (validity and booleans).</summary>
internal static class BitUtil
{
    /// <summary>Returns the bytes a bitmap of <paramref name="bits"/> bits needs.</summary>
    /// <param name="bits">The number of bits.</param>
    /// <returns>The byte count.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BytesFor(int bits) => (bits + 7) >> 3;

    /// <summary>Reads one bit.</summary>
    /// <param name="bitmap">The bitmap.</param>
    /// <param name="index">The bit index.</param>
    /// <returns>The bit.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Get(ReadOnlySpan<byte> bitmap, int index) => (bitmap[index >> 3] & (1 << (index & 7))) != 0;

    /// <summary>Sets one bit.</summary>
    /// <param name="bitmap">The bitmap.</param>
    /// <param name="index">The bit index.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(Span<byte> bitmap, int index) => bitmap[index >> 3] |= (byte)(1 << (index & 7));

    /// <summary>Clears one bit.</summary>
    /// <param name="bitmap">The bitmap.</param>
    /// <param name="index">The bit index.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(Span<byte> bitmap, int index) => bitmap[index >> 3] &= (byte)~(1 << (index & 7));

    /// <summary>Sets bits [0, count).</summary>
    /// <param name="bitmap">The bitmap.</param>
    /// <param name="count">The number of leading bits to set.</param>
    public static void SetAll(Span<byte> bitmap, int count)
    {
        var full = count >> 3;
        bitmap[..full].Fill(0xFF);
        if ((count & 7) != 0)
        {
            bitmap[full] |= (byte)((1 << (count & 7)) - 1);
        }
    }

    /// <summary>Sets bits [start, start + count).</summary>
    /// <param name="bitmap">The bitmap.</param>
    /// <param name="start">The first bit.</param>
    /// <param name="count">The number of bits.</param>
    public static void SetRange(Span<byte> bitmap, int start, int count)
    {
        var i = start;
        var end = start + count;
        for (; i < end && (i & 7) != 0; i++)
        {
            Set(bitmap, i);
        }

        var fullBytes = (end - i) >> 3;
        bitmap.Slice(i >> 3, fullBytes).Fill(0xFF);
        i += fullBytes << 3;
        for (; i < end; i++)
        {
            Set(bitmap, i);
        }
    }

    /// <summary>Counts the set bits among the first <paramref name="count"/> bits.</summary>
    /// <param name="bitmap">The bitmap.</param>
    /// <param name="count">The number of bits to look at.</param>
    /// <returns>The number of set bits.</returns>
    public static int CountSet(ReadOnlySpan<byte> bitmap, int count)
    {
        var total = 0;
        var full = count >> 3;
        var i = 0;
        for (; i + 8 <= full; i += 8)
        {
            total += BitOperations.PopCount(Unsafe.ReadUnaligned<ulong>(ref Unsafe.AsRef(in bitmap[i])));
        }

        for (; i < full; i++)
        {
            total += BitOperations.PopCount(bitmap[i]);
        }

        if ((count & 7) != 0)
        {
            total += BitOperations.PopCount((uint)(bitmap[full] & ((1 << (count & 7)) - 1)));
        }

        return total;
    }
}
