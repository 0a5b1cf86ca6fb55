using System.Buffers;

namespace Otters.IO.Parquet.Encodings;

/// <summary>
/// Encodes the RLE / bit-packed hybrid: runs of 8 or more equal values as RLE runs, the rest bit-packed
/// in groups of 8. Used for definition levels and dictionary indices.
/// </summary>
internal static class RleBitPackedEncoder
{
    /// <summary>Appends the encoding of <paramref name="values"/> (each below 2^bitWidth) to <paramref name="output"/>.</summary>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, IBufferWriter<byte> output)
    {
        var byteWidth = (bitWidth + 7) >> 3;
        var i = 0;
        var packedStart = -1; // start of the pending bit-packed values, always a multiple of 8 from here
        while (i < values.Length)
        {
            var run = RunLength(values, i);
            if (run >= 8 && (packedStart < 0 || (i - packedStart) % 8 == 0))
            {
                if (packedStart >= 0)
                {
                    WritePacked(values.Slice(packedStart, i - packedStart), bitWidth, output);
                    packedStart = -1;
                }

                WriteVarint((ulong)run << 1, output);
                var span = output.GetSpan(4);
                var v = values[i];
                for (var b = 0; b < byteWidth; b++)
                {
                    span[b] = (byte)(v >> (8 * b));
                }

                output.Advance(byteWidth);
                i += run;
            }
            else
            {
                if (packedStart < 0)
                {
                    packedStart = i;
                }

                // Take values up to the next group boundary so an RLE run can start right after.
                var groupEnd = packedStart + (((i - packedStart) / 8) + 1) * 8;
                i = Math.Min(Math.Max(i + 1, groupEnd), values.Length);
            }
        }

        if (packedStart >= 0)
        {
            WritePacked(values.Slice(packedStart), bitWidth, output);
        }
    }

    /// <summary>Returns the number of bits needed to store values up to <paramref name="maxValue"/>.</summary>
    public static int BitWidth(int maxValue) => maxValue == 0 ? 0 : 32 - int.LeadingZeroCount(maxValue);

    private static int RunLength(ReadOnlySpan<int> values, int start)
    {
        var v = values[start];
        var end = start + 1;
        while (end < values.Length && values[end] == v)
        {
            end++;
        }

        return end - start;
    }

    private static void WritePacked(ReadOnlySpan<int> values, int bitWidth, IBufferWriter<byte> output)
    {
        var groups = (values.Length + 7) / 8;
        WriteVarint(((ulong)groups << 1) | 1, output);
        var bytes = groups * bitWidth;
        var span = output.GetSpan(bytes + 8);
        span.Slice(0, bytes + 8).Clear();
        long bit = 0;
        foreach (var value in values)
        {
            var index = (int)(bit >> 3);
            var shift = (int)(bit & 7);
            var shifted = (ulong)(uint)value << shift;
            for (var b = 0; shifted != 0; b++, shifted >>= 8)
            {
                span[index + b] |= (byte)shifted;
            }

            bit += bitWidth;
        }

        output.Advance(bytes);
    }

    private static void WriteVarint(ulong value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        output.Advance(i);
    }
}
