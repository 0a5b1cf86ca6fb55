using System.Buffers;

namespace Otters.IO.Arrow;

/// <summary>Reads record batch bodies and decodes them; shared by the stream and file sources.</summary>
internal static class ArrowBodyReader
{
    // Leaves room for AlignedBuffer's padding so that no buffer size computed from a body overflows.
    private const long MaxBodyLength = int.MaxValue - 1024;

    /// <summary>Reads the body of <paramref name="message"/> and decodes it into a batch of <paramref name="schema"/>.</summary>
    public static async ValueTask<RecordBatch> ReadBatchAsync(
        ArrowIpcReader reader, ArrowMessage message, Schema schema, IReadOnlyList<ArrowField> fields, CancellationToken cancellationToken)
    {
        if (message.BodyLength > MaxBodyLength)
        {
            throw new InvalidDataException($"A record batch body of {message.BodyLength} bytes is larger than Otters reads in one batch.");
        }

        var length = (int)message.BodyLength;
        var body = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            await reader.ReadBodyAsync(body.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            return ArrowBatchDecoder.Decode(schema, fields, message.RecordBatch!, body.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Opens <paramref name="path"/> for reading with a buffer suited to sequential reads.</summary>
    public static FileStream Open(string path, bool asynchronous) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            (asynchronous ? FileOptions.Asynchronous : FileOptions.None) | FileOptions.SequentialScan);

    /// <summary>Wraps a format error found while reading <paramref name="path"/> in a <see cref="DataFormatException"/> naming it.</summary>
    public static DataFormatException Malformed(string path, string format, InvalidDataException error) =>
        new(path, $"it is not a readable Arrow IPC {format}: {error.Message}", error);
}
