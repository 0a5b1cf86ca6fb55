using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Otters.Memory;
using static Otters.IO.Arrow.ArrowBufferChecks;

namespace Otters.IO.Arrow;

/// <summary>
/// Reads Utf8 (int32 offsets) and LargeUtf8 (int64 offsets) columns into string columns, after
/// checking that the offsets never decrease, stay inside the data and delimit valid UTF-8.
/// </summary>
internal static class ArrowStringReader
{
    /// <summary>Reads a string column whose offsets are <typeparamref name="TOffset"/> (int or long).</summary>
    public static StringColumn Read<TOffset>(ArrowField field, int length, AlignedBuffer? validity, int nullCount, ReadOnlySpan<byte> offsetBytes, ReadOnlySpan<byte> data)
        where TOffset : unmanaged, IBinaryInteger<TOffset>
    {
        // A zero-length column may omit its offsets entirely.
        if (length == 0 && offsetBytes.IsEmpty)
        {
            return new StringColumn(AlignedBuffer.Allocate(sizeof(int)), AlignedBuffer.Empty, null, 0, 0);
        }

        var width = System.Runtime.CompilerServices.Unsafe.SizeOf<TOffset>();
        Require(field, offsetBytes, ((long)length + 1) * width);
        var source = MemoryMarshal.Cast<byte, TOffset>(offsetBytes)[..(length + 1)];
        var first = long.CreateTruncating(source[0]);
        var previous = first;
        for (var i = 1; i <= length; i++)
        {
            var offset = long.CreateTruncating(source[i]);
            if (offset < previous)
            {
                Fail($"The offsets of column '{field.Name}' decrease at row {i - 1}.");
            }

            previous = offset;
        }

        if (first < 0 || previous > data.Length)
        {
            Fail($"The offsets of column '{field.Name}' run from {first} to {previous}, outside its {data.Length} bytes of string data.");
        }

        var bytes = data[(int)first..(int)previous];
        if (!Utf8.IsValid(bytes))
        {
            Fail($"Column '{field.Name}' holds bytes that are not valid UTF-8.");
        }

        var offsets = AlignedBuffer.Allocate((length + 1) * sizeof(int), zero: false);
        var target = offsets.AsSpan<int>();
        if (typeof(TOffset) == typeof(int) && first == 0)
        {
            MemoryMarshal.Cast<TOffset, int>(source).CopyTo(target);
        }
        else
        {
            // Arrow allows offsets that start past zero and 64-bit offsets; Otters' start at zero and are 32-bit,
            // which holds any batch body Otters reads (bodies are under 2 GiB).
            for (var i = 0; i <= length; i++)
            {
                target[i] = (int)(long.CreateTruncating(source[i]) - first);
            }
        }

        return new StringColumn(offsets, AlignedBuffer.CopyOf(bytes), validity, length, nullCount);
    }
}
