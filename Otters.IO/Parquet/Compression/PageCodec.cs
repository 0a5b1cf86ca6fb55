using System.Buffers;
using System.IO.Compression;
using Otters.IO.Parquet.Format;
using Otters.IO.Parquet.Internal;

namespace Otters.IO.Parquet.Compression;

/// <summary>Compresses and decompresses page bodies with the codecs Otters supports.</summary>
internal static class PageCodec
{
    /// <summary>zstd level 3 is libzstd's default: most of the ratio at a fraction of the higher levels' cost.</summary>
    public const int ZstdLevel = 3;

    /// <summary>Gets a value indicating whether the codec can be read and written.</summary>
    public static bool IsSupported(CompressionCodec codec) =>
        codec is CompressionCodec.Uncompressed or CompressionCodec.Snappy or CompressionCodec.Gzip
            or CompressionCodec.Zstd or CompressionCodec.Brotli;

    /// <summary>Decompresses <paramref name="source"/> into exactly <paramref name="destination"/>.Length bytes.</summary>
    public static void Decompress(CompressionCodec codec, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                if (source.Length != destination.Length)
                {
                    ThrowHelper.Format($"An uncompressed page holds {source.Length} bytes where its header declares {destination.Length}.");
                }

                source.CopyTo(destination);
                break;
            case CompressionCodec.Snappy:
                SnappyDecoder.Decompress(source, destination);
                break;
            case CompressionCodec.Zstd:
                ZstdDecompress(source, destination);
                break;
            case CompressionCodec.Gzip:
                StreamDecompress(source, destination, static s => new GZipStream(s, CompressionMode.Decompress), "gzip");
                break;
            case CompressionCodec.Brotli:
                if (!BrotliDecoder.TryDecompress(source, destination, out var written) || written != destination.Length)
                {
                    ThrowHelper.Format($"A Brotli page does not decompress to the {destination.Length} bytes its header declares.");
                }

                break;
            default:
                ThrowHelper.Format($"The compression codec {codec} is not supported; Otters reads UNCOMPRESSED, SNAPPY, GZIP, BROTLI and ZSTD.");
                break;
        }
    }

    /// <summary>Appends the compressed form of <paramref name="source"/> and returns its length.</summary>
    public static int Compress(CompressionCodec codec, ReadOnlySpan<byte> source, IBufferWriter<byte> output)
    {
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                source.CopyTo(output.GetSpan(source.Length));
                output.Advance(source.Length);
                return source.Length;
            case CompressionCodec.Snappy:
                var snappy = IronSnappy.Snappy.Encode(source);
                snappy.CopyTo(output.GetSpan(snappy.Length));
                output.Advance(snappy.Length);
                return snappy.Length;
            case CompressionCodec.Zstd:
                return ZstdCompress(source, output);
            case CompressionCodec.Gzip:
                using (var buffer = new MemoryStream())
                {
                    using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
                    {
                        gzip.Write(source);
                    }

                    var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
                    bytes.CopyTo(output.GetSpan(bytes.Length));
                    output.Advance(bytes.Length);
                    return bytes.Length;
                }

            default:
                throw new NotSupportedException($"Otters does not write the {codec} codec.");
        }
    }

    private static unsafe void ZstdDecompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        nuint result;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            result = ZstdNative.Decompress(dst, (nuint)destination.Length, src, (nuint)source.Length);
        }

        if (ZstdNative.IsError(result) != 0)
        {
            ThrowHelper.Format($"A zstd page does not decompress: {ZstdNative.ErrorName(result)}.");
        }

        if (result != (nuint)destination.Length)
        {
            ThrowHelper.Format($"A zstd page decompresses to {result} bytes where its header declares {destination.Length}.");
        }
    }

    private static unsafe int ZstdCompress(ReadOnlySpan<byte> source, IBufferWriter<byte> output)
    {
        var bound = (int)ZstdNative.CompressBound((nuint)source.Length);
        var span = output.GetSpan(bound);
        nuint result;
        fixed (byte* src = source)
        fixed (byte* dst = span)
        {
            result = ZstdNative.Compress(dst, (nuint)span.Length, src, (nuint)source.Length, ZstdLevel);
        }

        if (ZstdNative.IsError(result) != 0)
        {
            throw new InvalidOperationException($"zstd failed to compress a page: {ZstdNative.ErrorName(result)}.");
        }

        output.Advance((int)result);
        return (int)result;
    }

    private static unsafe void StreamDecompress(ReadOnlySpan<byte> source, Span<byte> destination, Func<Stream, Stream> open, string name)
    {
        try
        {
            fixed (byte* src = source)
            {
                using var input = new UnmanagedMemoryStream(src, source.Length);
                using var decoder = open(input);
                var total = 0;
                int read;
                while (total < destination.Length && (read = decoder.Read(destination.Slice(total))) > 0)
                {
                    total += read;
                }

                Span<byte> probe = stackalloc byte[1];
                if (total != destination.Length || decoder.Read(probe) != 0)
                {
                    ThrowHelper.Format($"A {name} page does not decompress to the {destination.Length} bytes its header declares.");
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ParquetFormatException($"A {name} page does not decompress: {ex.Message}", ex);
        }
    }
}
