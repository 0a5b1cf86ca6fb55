using Otters.IO.Parquet.Internal;

namespace Otters.IO.Parquet.Encodings;

/// <summary>Decodes DELTA_BINARY_PACKED: blocks of miniblocks of bit-packed deltas from a running value.</summary>
internal static class DeltaBinaryPackedDecoder
{
    /// <summary>Decodes exactly <paramref name="destination"/>.Length values and returns the bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> data, Span<long> destination)
    {
        var position = 0;
        var blockSize = ReadUnsigned(data, ref position);
        var miniblocks = ReadUnsigned(data, ref position);
        var total = ReadUnsigned(data, ref position);
        var value = ZigZag(ReadUnsigned(data, ref position));
        if (blockSize == 0 || blockSize % 128 != 0 || miniblocks == 0 || blockSize % miniblocks != 0 || (blockSize / miniblocks) % 32 != 0 || blockSize > 1 << 20)
        {
            ThrowHelper.Format($"The DELTA_BINARY_PACKED header has an invalid block size {blockSize} with {miniblocks} miniblocks.");
        }

        if (total != (ulong)destination.Length)
        {
            ThrowHelper.Format($"The DELTA_BINARY_PACKED data holds {total} values where the page needs {destination.Length}.");
        }

        var perMiniblock = (int)(blockSize / miniblocks);
        if (total == 0)
        {
            return position;
        }

        var count = 0;
        if (destination.Length > 0)
        {
            destination[count++] = value;
        }

        // Miniblocks after the last one holding values have a width byte but no body, so the walk
        // stops at the last value and the position is the end of the encoded data.
        var remaining = (long)total - 1;
        while (remaining > 0)
        {
            var minDelta = ZigZag(ReadUnsigned(data, ref position));
            if ((ulong)(data.Length - position) < miniblocks)
            {
                ThrowHelper.Truncated("DELTA_BINARY_PACKED miniblock widths", (int)miniblocks, data.Length - position);
            }

            var widths = data.Slice(position, (int)miniblocks);
            position += (int)miniblocks;
            for (var m = 0; m < widths.Length && remaining > 0; m++)
            {
                int width = widths[m];
                if (width > 64)
                {
                    ThrowHelper.Format($"The DELTA_BINARY_PACKED data has a miniblock bit width of {width}.");
                }

                var bytes = perMiniblock * width / 8;
                var take = (int)Math.Min(remaining, perMiniblock);
                var available = Math.Min(bytes, data.Length - position);
                if (available < (take * width + 7) / 8)
                {
                    ThrowHelper.Truncated("DELTA_BINARY_PACKED miniblock", bytes, data.Length - position);
                }

                var packed = data.Slice(position, available);
                for (var i = 0; i < take; i++)
                {
                    value = unchecked(value + minDelta + (long)BitReader.Read(packed, (long)i * width, width));
                    destination[count++] = value;
                }

                position += available;
                remaining -= take;
            }
        }

        return position;
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                ThrowHelper.Format("The DELTA_BINARY_PACKED data ends inside a varint.");
            }

            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        return ThrowHelper.Format<ulong>("The DELTA_BINARY_PACKED data has a varint longer than 10 bytes.");
    }

    private static long ZigZag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);
}
