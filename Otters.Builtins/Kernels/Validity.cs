using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Otters.Memory;

namespace Otters.Kernels;

/// <summary>
/// Converts between Arrow validity bitmaps and the one-byte-per-row flags (1 = present) kernels use,
/// so a kernel can index validity like values, also after keyed rows were gathered.
/// </summary>
internal static class Validity
{
    // Byte b of entry n is bit b of n: one load turns a bitmap byte into eight flags.
    private static readonly ulong[] s_spread = BuildSpread();

    /// <summary>Writes one flag per row from a bitmap; an empty bitmap means every row is present.</summary>
    /// <param name="bitmap">The LSB-first bitmap, or empty.</param>
    /// <param name="flags">One byte per row.</param>
    public static void Unpack(ReadOnlySpan<byte> bitmap, Span<byte> flags)
    {
        if (bitmap.IsEmpty)
        {
            flags.Fill(1);
            return;
        }

        var full = flags.Length >> 3;
        ref var target = ref MemoryMarshal.GetReference(flags);
        for (var b = 0; b < full; b++)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, b << 3), s_spread[bitmap[b]]);
        }

        for (var i = full << 3; i < flags.Length; i++)
        {
            flags[i] = (byte)((bitmap[i >> 3] >> (i & 7)) & 1);
        }
    }

    /// <summary>Clears the flag of every NaN value: pandas reads NaN as missing, and so do the statistics.</summary>
    /// <param name="values">The values.</param>
    /// <param name="flags">The flags to update, one per value.</param>
    /// <returns>The number of NaN values found.</returns>
    public static int ClearNaN(ReadOnlySpan<double> values, Span<byte> flags)
    {
        var found = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                flags[i] = 0;
                found++;
            }
        }

        return found;
    }

    /// <summary>Returns whether any value is NaN (vectorized; the common answer is no).</summary>
    /// <param name="values">The values.</param>
    /// <returns>True when a NaN is present.</returns>
    public static bool HasNaN(ReadOnlySpan<double> values)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= 4)
        {
            ref var x = ref MemoryMarshal.GetReference(values);
            var any = Vector256<double>.Zero;
            for (; i <= values.Length - 4; i += 4)
            {
                var v = Vector256.LoadUnsafe(ref x, (nuint)i);
                any |= ~Vector256.Equals(v, v);
            }

            if (any != Vector256<double>.Zero)
            {
                return true;
            }
        }

        for (; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Packs flags into a new validity bitmap, or returns null when every row is present.</summary>
    /// <param name="flags">One byte per row, 0 or 1.</param>
    /// <param name="nullCount">The number of zero flags.</param>
    /// <returns>The bitmap buffer, or null.</returns>
    public static AlignedBuffer? Pack(ReadOnlySpan<byte> flags, out int nullCount)
    {
        // Most results have no nulls once every key's window filled: find that out without allocating.
        if (!flags.ContainsAnyExcept((byte)1))
        {
            nullCount = 0;
            return null;
        }

        var buffer = AlignedBuffer.Allocate(BitUtil.BytesFor(flags.Length), zero: true);
        var bits = buffer.Span;
        var set = 0;
        var i = 0;
        ref var source = ref MemoryMarshal.GetReference(flags);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= flags.Length - 32; i += 32)
            {
                var v = Vector256.LoadUnsafe(ref source, (nuint)i);
                var mask = Vector256.GreaterThan(v, Vector256<byte>.Zero).ExtractMostSignificantBits();
                Unsafe.WriteUnaligned(ref bits[i >> 3], mask);
                set += System.Numerics.BitOperations.PopCount(mask);
            }
        }

        for (; i < flags.Length; i++)
        {
            if (flags[i] != 0)
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
                set++;
            }
        }

        nullCount = flags.Length - set;
        return nullCount == 0 ? null : buffer;
    }

    private static ulong[] BuildSpread()
    {
        var table = new ulong[256];
        for (var n = 0; n < 256; n++)
        {
            for (var b = 0; b < 8; b++)
            {
                table[n] |= (ulong)((n >> b) & 1) << (b * 8);
            }
        }

        return table;
    }
}
