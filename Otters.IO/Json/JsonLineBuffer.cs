using System.Buffers;

namespace Otters.IO.Json;

/// <summary>
/// Splits a stream into lines while reading it in chunks, so that a file is never read whole.
/// The buffer grows only to hold one long line, up to <see cref="MaxLineLength"/>.
/// </summary>
internal sealed class JsonLineBuffer : IDisposable
{
    /// <summary>The longest line accepted, in bytes.</summary>
    public const int MaxLineLength = 64 << 20;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _atFileStart = true;

    /// <summary>Creates a line reader over <paramref name="stream"/> that reads <paramref name="chunkSize"/> bytes at a time.</summary>
    public JsonLineBuffer(Stream stream, int chunkSize = 1 << 16)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
    }

    /// <summary>Gets the number of the line last returned, counting from 1.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// Takes the next complete line from the buffer (without its "\n" or "\r\n"), or returns false
    /// when the buffer holds no complete line and <see cref="ReadMoreAsync"/> must be called.
    /// </summary>
    public bool TryTakeLine(out int start, out int length)
    {
        var pending = _buffer.AsSpan(_start, _end - _start);
        var newline = pending.IndexOf((byte)'\n');
        if (newline < 0 && !(_endOfStream && pending.Length > 0))
        {
            start = length = 0;
            return false;
        }

        start = _start;
        length = newline < 0 ? pending.Length : newline;
        _start += newline < 0 ? pending.Length : newline + 1;
        if (length > 0 && _buffer[start + length - 1] == '\r')
        {
            length--;
        }

        LineNumber++;
        _atFileStart = false;
        return true;
    }

    /// <summary>Gets the bytes of a line returned by <see cref="TryTakeLine"/>, valid until the next read.</summary>
    public ReadOnlySpan<byte> Line(int start, int length) => _buffer.AsSpan(start, length);

    /// <summary>Reads the next chunk; returns false once the stream is exhausted and every line was taken.</summary>
    public async ValueTask<bool> ReadMoreAsync(CancellationToken cancellationToken)
    {
        if (_endOfStream)
        {
            return _start < _end;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineLength)
            {
                throw new InvalidDataException($"Line {LineNumber + 1} is longer than {MaxLineLength} bytes.");
            }

            var grown = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxLineLength));
            _buffer.AsSpan(0, _end).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _endOfStream = true;
            return _start < _end;
        }

        _end += read;
        if (_atFileStart && _end >= 3)
        {
            // A UTF-8 byte order mark is not part of the first line.
            _atFileStart = false;
            if (_buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
            {
                _start = 3;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
