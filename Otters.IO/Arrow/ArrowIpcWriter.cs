using System.Buffers.Binary;

namespace Otters.IO.Arrow;

/// <summary>
/// Writes encapsulated Arrow IPC messages to a stream: continuation marker, metadata length,
/// metadata padded to eight bytes, then the body buffers each padded to eight bytes. The caller
/// writes a batch's body with <see cref="WriteBodyBuffer"/> in the order of its buffer regions.
/// </summary>
internal sealed class ArrowIpcWriter
{
    private static readonly byte[] s_zeros = new byte[8];
    private readonly Stream _stream;
    private long _position;
    private long _bodyRemaining;

    /// <summary>Creates a writer that appends to <paramref name="stream"/>, which is at <paramref name="position"/>.</summary>
    public ArrowIpcWriter(Stream stream, long position = 0)
    {
        _stream = stream;
        _position = position;
    }

    /// <summary>Gets the number of bytes written, counting from the stream position given at construction.</summary>
    public long Position => _position;

    /// <summary>Writes the padded "ARROW1" that starts an IPC file.</summary>
    public void WriteFileMagic() => Write(ArrowIpcFormat.PaddedMagic);

    /// <summary>Writes the schema message.</summary>
    public void WriteSchema(IReadOnlyList<ArrowField> fields) => WriteMessage(ArrowMetadataEncoder.EncodeSchemaMessage(fields), 0);

    /// <summary>Writes a record batch's metadata; the caller then writes every body buffer.</summary>
    /// <returns>The block that locates the message in an IPC file.</returns>
    public ArrowBlock BeginRecordBatch(long length, ReadOnlySpan<ArrowFieldNode> nodes, ReadOnlySpan<ArrowBufferRegion> buffers, long bodyLength)
    {
        var offset = _position;
        var metadataLength = WriteMessage(ArrowMetadataEncoder.EncodeRecordBatchMessage(length, nodes, buffers, bodyLength), bodyLength);
        return new ArrowBlock(offset, metadataLength, bodyLength);
    }

    /// <summary>Writes one body buffer and the padding after it.</summary>
    public void WriteBodyBuffer(ReadOnlySpan<byte> buffer)
    {
        var padded = ArrowIpcFormat.Pad8(buffer.Length);
        if (padded > _bodyRemaining)
        {
            throw new InvalidOperationException("The body buffers written exceed the body length the record batch declared.");
        }

        Write(buffer);
        Write(s_zeros.AsSpan(0, (int)(padded - buffer.Length)));
        _bodyRemaining -= padded;
    }

    /// <summary>Writes the end-of-stream marker.</summary>
    public void WriteEndOfStream()
    {
        CheckBodyComplete();
        Span<byte> marker = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(marker, ArrowIpcFormat.Continuation);
        BinaryPrimitives.WriteInt32LittleEndian(marker[4..], 0);
        Write(marker);
    }

    /// <summary>Writes the footer of an IPC file, its length and the closing magic.</summary>
    public void WriteFooter(IReadOnlyList<ArrowField> fields, ReadOnlySpan<ArrowBlock> recordBatches)
    {
        CheckBodyComplete();
        var footer = ArrowMetadataEncoder.EncodeFooter(fields, recordBatches);
        Write(footer);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, footer.Length);
        Write(length);
        Write(ArrowIpcFormat.Magic);
    }

    private int WriteMessage(byte[] metadata, long bodyLength)
    {
        CheckBodyComplete();

        // The prefix and metadata together end on an eight-byte boundary so the body stays aligned.
        var paddedLength = (int)ArrowIpcFormat.Pad8(8 + metadata.Length) - 8;
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, ArrowIpcFormat.Continuation);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[4..], paddedLength);
        Write(prefix);
        Write(metadata);
        Write(s_zeros.AsSpan(0, paddedLength - metadata.Length));
        _bodyRemaining = bodyLength;
        return 8 + paddedLength;
    }

    private void CheckBodyComplete()
    {
        if (_bodyRemaining != 0)
        {
            throw new InvalidOperationException($"The previous record batch is missing {_bodyRemaining} bytes of its body.");
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _position += bytes.Length;
    }
}
