using System.Buffers.Binary;
using Otters.IO.Parquet.Internal;

namespace Otters.IO.Parquet.Compression;

/// <summary>
/// Decodes the Snappy block format straight into a caller's span (IronSnappy only returns new arrays,
/// one per page). Every literal and copy is checked against both buffers, so corrupt input throws.
/// </summary>
internal static class SnappyDecoder
{
    /// <summary>Returns the uncompressed length stored in the block's preamble.</summary>
    public static int GetUncompressedLength(ReadOnlySpan<byte> source, out int headerLength)
    {
        ulong result = 0;
        for (var i = 0; i < 5 && i < source.Length; i++)
        {
            result |= (ulong)(source[i] & 0x7F) << (7 * i);
            if ((source[i] & 0x80) == 0)
            {
                headerLength = i + 1;
                return result > int.MaxValue
                    ? ThrowHelper.Format<int>($"The Snappy block declares {result} uncompressed bytes, more than a page can hold.")
                    : (int)result;
            }
        }

        headerLength = 0;
        return ThrowHelper.Format<int>("The Snappy block has a malformed length preamble.");
    }

    /// <summary>Decompresses <paramref name="source"/> into exactly <paramref name="destination"/>.Length bytes.</summary>
    public static void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var length = GetUncompressedLength(source, out var s);
        if (length != destination.Length)
        {
            ThrowHelper.Format($"The Snappy block holds {length} bytes where the page header declares {destination.Length}.");
        }

        var d = 0;
        while (s < source.Length)
        {
            var tag = source[s++];
            int copyLength, offset;
            switch (tag & 3)
            {
                case 0:
                    var literal = (tag >> 2) + 1;
                    if (literal > 60)
                    {
                        var extra = literal - 60;
                        if (s + extra > source.Length)
                        {
                            ThrowHelper.Format("The Snappy block ends inside a literal length.");
                        }

                        literal = 0;
                        for (var i = 0; i < extra; i++)
                        {
                            literal |= source[s + i] << (8 * i);
                        }

                        literal += 1;
                        s += extra;
                    }

                    if (literal <= 0 || literal > source.Length - s || literal > destination.Length - d)
                    {
                        ThrowHelper.Format("The Snappy block has a literal running past the end of its input or output.");
                    }

                    source.Slice(s, literal).CopyTo(destination.Slice(d));
                    s += literal;
                    d += literal;
                    continue;
                case 1:
                    if (s >= source.Length)
                    {
                        ThrowHelper.Format("The Snappy block ends inside a copy.");
                    }

                    copyLength = ((tag >> 2) & 7) + 4;
                    offset = ((tag >> 5) << 8) | source[s++];
                    break;
                case 2:
                    if (s + 2 > source.Length)
                    {
                        ThrowHelper.Format("The Snappy block ends inside a copy.");
                    }

                    copyLength = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(source.Slice(s, 2));
                    s += 2;
                    break;
                default:
                    if (s + 4 > source.Length)
                    {
                        ThrowHelper.Format("The Snappy block ends inside a copy.");
                    }

                    copyLength = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadInt32LittleEndian(source.Slice(s, 4));
                    s += 4;
                    break;
            }

            if (offset <= 0 || offset > d || copyLength > destination.Length - d)
            {
                ThrowHelper.Format("The Snappy block has a copy outside the bytes decoded so far.");
            }

            Copy(destination, d, offset, copyLength);
            d += copyLength;
        }

        if (d != destination.Length)
        {
            ThrowHelper.Format($"The Snappy block decoded to {d} bytes where {destination.Length} were declared.");
        }
    }

    private static void Copy(Span<byte> buffer, int d, int offset, int length)
    {
        if (offset >= length)
        {
            buffer.Slice(d - offset, length).CopyTo(buffer.Slice(d));
            return;
        }

        // An overlapping copy repeats the last offset bytes: copy the pattern, doubling it each round.
        var copied = 0;
        while (copied < length)
        {
            var chunk = Math.Min(offset + copied, length - copied);
            buffer.Slice(d - offset, chunk).CopyTo(buffer.Slice(d + copied));
            copied += chunk;
        }
    }
}
