using Otters.IO.Parquet.Internal;

namespace Otters.IO.Parquet.Encodings;

/// <summary>BYTE_STREAM_SPLIT: byte k of value i is stored at k * count + i.</summary>
internal static class ByteStreamSplit
{
    /// <summary>Reassembles <paramref name="count"/> values of <paramref name="width"/> bytes into <paramref name="destination"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> data, int count, int width, Span<byte> destination)
    {
        if ((long)count * width > data.Length)
        {
            ThrowHelper.Truncated("BYTE_STREAM_SPLIT values", count * width, data.Length);
        }

        for (var k = 0; k < width; k++)
        {
            var stream = data.Slice(k * count, count);
            for (var i = 0; i < stream.Length; i++)
            {
                destination[(i * width) + k] = stream[i];
            }
        }
    }
}
