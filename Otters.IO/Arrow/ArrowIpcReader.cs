using System.Buffers.Binary;

namespace Otters.IO.Arrow;

/// <summary>
/// Reads encapsulated Arrow IPC messages from a stream of known length. Each length read from the
/// stream is checked against the bytes that remain before anything is allocated, so a corrupt or
/// truncated stream throws <see cref="InvalidDataException"/> instead of hanging or allocating
/// without bound.
/// </summary>
internal sealed class ArrowIpcReader
{
    private readonly Stream _stream;
    private readonly long _end;
    private readonly byte[] _prefix = new byte[8];
    private long _position;
    private long _pendingBody;

    /// <summary>Creates a reader of <paramref name="stream"/>, positioned at <paramref name="position"/>, whose data ends at <paramref name="end"/>.</summary>
    public ArrowIpcReader(Stream stream, long position, long end)
    {
        _stream = stream;
        _position = position;
        _end = end;
    }

    /// <summary>Gets the stream offset of the next byte to read.</summary>
    public long Position => _position;

    /// <summary>Moves to <paramref name="position"/>, which must lie inside the data; the stream must be seekable.</summary>
    public void Seek(long position)
    {
        if (position < 0 || position > _end)
        {
            throw new InvalidDataException($"Byte {position} lies outside the {_end}-byte data.");
        }

        _stream.Seek(position, SeekOrigin.Begin);
        _position = position;
        _pendingBody = 0;
    }

    /// <summary>
    /// Reads the next message's metadata, or returns null at the end-of-stream marker or at the end of
    /// the data. The body, if any, must be read or skipped next.
    /// </summary>
    public async ValueTask<ArrowMessage?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        await SkipPendingBodyAsync(cancellationToken).ConfigureAwait(false);
        var start = _position;
        var remaining = _end - _position;
        if (remaining == 0)
        {
            return null;
        }

        if (remaining < 4)
        {
            throw new InvalidDataException($"The data ends {remaining} bytes into a message header at byte {start}.");
        }

        await ReadExactlyAsync(_prefix.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
        var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(_prefix);
        if ((uint)metadataLength == ArrowIpcFormat.Continuation)
        {
            if (_end - _position < 4)
            {
                throw new InvalidDataException($"The data ends inside the message header at byte {start}.");
            }

            await ReadExactlyAsync(_prefix.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
            metadataLength = BinaryPrimitives.ReadInt32LittleEndian(_prefix);
        }

        if (metadataLength == 0)
        {
            return null;
        }

        if (metadataLength < 0 || metadataLength > ArrowIpcFormat.MaxMetadataLength || metadataLength > _end - _position)
        {
            throw new InvalidDataException(
                $"The message at byte {start} declares {metadataLength} bytes of metadata but {_end - _position} bytes remain.");
        }

        var metadata = new byte[metadataLength];
        await ReadExactlyAsync(metadata, cancellationToken).ConfigureAwait(false);
        ArrowMessage message;
        try
        {
            message = ArrowMetadataDecoder.DecodeMessage(metadata);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"The message at byte {start} is malformed: {ex.Message}", ex);
        }

        if (message.BodyLength > _end - _position)
        {
            throw new InvalidDataException(
                $"The message at byte {start} declares a {message.BodyLength}-byte body but {_end - _position} bytes remain.");
        }

        _pendingBody = message.BodyLength;
        return message;
    }

    /// <summary>Reads the current message's body into <paramref name="destination"/>, whose length must equal the body length.</summary>
    public async ValueTask ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.Length != _pendingBody)
        {
            throw new InvalidOperationException($"The body is {_pendingBody} bytes, not {destination.Length}.");
        }

        _pendingBody = 0;
        await ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SkipPendingBodyAsync(CancellationToken cancellationToken)
    {
        if (_pendingBody == 0)
        {
            return;
        }

        if (_stream.CanSeek)
        {
            _stream.Seek(_pendingBody, SeekOrigin.Current);
            _position += _pendingBody;
            _pendingBody = 0;
            return;
        }

        var scratch = new byte[(int)Math.Min(_pendingBody, 81920)];
        while (_pendingBody > 0)
        {
            var chunk = (int)Math.Min(_pendingBody, scratch.Length);
            await ReadExactlyAsync(scratch.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
            _pendingBody -= chunk;
        }
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"The data ends before byte {_position + destination.Length}.", ex);
        }

        _position += destination.Length;
    }
}
