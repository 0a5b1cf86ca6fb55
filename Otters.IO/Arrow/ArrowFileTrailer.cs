using System.Buffers.Binary;

namespace Otters.IO.Arrow;

/// <summary>Reads and checks the magic strings and footer of an Arrow IPC file.</summary>
internal static class ArrowFileTrailer
{
    // "ARROW1" + 2 bytes of padding, at least one 8-byte message prefix, the footer length and "ARROW1".
    private const int MinimumFileLength = 8 + 4 + 6;

    /// <summary>Reads the footer of the <paramref name="length"/>-byte file in the seekable <paramref name="stream"/>.</summary>
    public static async ValueTask<ArrowFooter> ReadFooterAsync(Stream stream, long length, CancellationToken cancellationToken)
    {
        if (length < MinimumFileLength)
        {
            throw new InvalidDataException($"The file is {length} bytes long, too short to be an Arrow IPC file.");
        }

        var head = new byte[8];
        stream.Seek(0, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        if (!head.AsSpan(0, 6).SequenceEqual(ArrowIpcFormat.Magic))
        {
            throw new InvalidDataException("The file does not start with the Arrow IPC file magic \"ARROW1\".");
        }

        var tail = new byte[10];
        stream.Seek(length - tail.Length, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        if (!tail.AsSpan(4).SequenceEqual(ArrowIpcFormat.Magic))
        {
            throw new InvalidDataException("The file does not end with the Arrow IPC file magic \"ARROW1\"; it may be truncated.");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        var footerStart = length - tail.Length - (long)footerLength;
        if (footerLength <= 0 || footerLength > ArrowIpcFormat.MaxMetadataLength || footerStart < 8)
        {
            throw new InvalidDataException($"The file declares a {footerLength}-byte footer, which does not fit in its {length} bytes.");
        }

        var footerBytes = new byte[footerLength];
        stream.Seek(footerStart, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(footerBytes, cancellationToken).ConfigureAwait(false);
        ArrowFooter footer;
        try
        {
            footer = ArrowMetadataDecoder.DecodeFooter(footerBytes);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"The footer is malformed: {ex.Message}", ex);
        }

        for (var i = 0; i < footer.RecordBatches.Length; i++)
        {
            var block = footer.RecordBatches[i];
            if (block.Offset < 8 || block.MetadataLength < 8 || block.BodyLength < 0
                || block.Offset > footerStart - block.MetadataLength - block.BodyLength)
            {
                throw new InvalidDataException(
                    $"Record batch {i} of the footer lies at byte {block.Offset} with {block.MetadataLength} metadata and {block.BodyLength} body bytes, outside the file's data.");
            }
        }

        return footer;
    }
}
