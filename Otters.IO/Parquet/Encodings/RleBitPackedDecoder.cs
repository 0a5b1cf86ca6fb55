using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Otters.IO.Parquet.Internal;

namespace Otters.IO.Parquet.Encodings;

/// <summary>
/// Decodes the RLE / bit-packed hybrid encoding (definition levels, dictionary indices, RLE booleans).
/// The input carries no length prefix here; callers strip the 4-byte prefix of version 1 levels.
/// </summary>
internal ref struct RleBitPackedDecoder
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _bitWidth;
    private readonly uint _mask;
    private int _position;

    // The current run: either _repeatCount copies of _repeatValue, or _packedRemaining values
    // from the bit-packed bytes starting at _packedStart, of which _packedIndex are consumed.
    private int _repeatCount;
    private int _repeatValue;
    private int _packedStart;
    private int _packedIndex;
    private int _packedRemaining;

    public RleBitPackedDecoder(ReadOnlySpan<byte> data, int bitWidth)
    {
        if ((uint)bitWidth > 32)
        {
            ThrowHelper.Format($"The RLE/bit-packed data declares a bit width of {bitWidth}, above the maximum of 32.");
        }

        _data = data;
        _bitWidth = bitWidth;
        _mask = bitWidth == 32 ? uint.MaxValue : (1u << bitWidth) - 1;
        _position = 0;
        _repeatCount = 0;
        _repeatValue = 0;
        _packedStart = 0;
        _packedIndex = 0;
        _packedRemaining = 0;
    }

    /// <summary>Fills <paramref name="destination"/> completely, or throws when the data runs out first.</summary>
    public void Read(Span<int> destination)
    {
        var written = 0;
        while (written < destination.Length)
        {
            if (_repeatCount > 0)
            {
                var n = Math.Min(_repeatCount, destination.Length - written);
                destination.Slice(written, n).Fill(_repeatValue);
                _repeatCount -= n;
                written += n;
            }
            else if (_packedRemaining > 0)
            {
                var n = Math.Min(_packedRemaining, destination.Length - written);
                Unpack(destination.Slice(written, n));
                _packedRemaining -= n;
                written += n;
            }
            else
            {
                NextRun();
            }
        }
    }

    /// <summary>Reads values and fails if any is at least <paramref name="limit"/> (dictionary indices).</summary>
    public void ReadBounded(Span<int> destination, int limit)
    {
        Read(destination);
        foreach (var value in destination)
        {
            if ((uint)value >= (uint)limit)
            {
                ThrowHelper.Format($"A dictionary index {value} is outside the dictionary of {limit} entries.");
            }
        }
    }

    private void NextRun()
    {
        var header = ReadUnsignedVarint();
        if ((header & 1) == 0)
        {
            var count = header >> 1;
            if (count == 0)
            {
                ThrowHelper.Format("The RLE/bit-packed data has an empty repeated run.");
            }

            var byteWidth = (_bitWidth + 7) >> 3;
            if (byteWidth > _data.Length - _position)
            {
                ThrowHelper.Truncated("RLE run value", byteWidth, _data.Length - _position);
            }

            var value = 0;
            for (var i = 0; i < byteWidth; i++)
            {
                value |= _data[_position + i] << (8 * i);
            }

            _position += byteWidth;
            _repeatValue = value;
            _repeatCount = (int)Math.Min(count, int.MaxValue);
        }
        else
        {
            var groups = header >> 1;
            var bytes = groups * (ulong)_bitWidth;
            var available = _data.Length - _position;
            if (groups == 0)
            {
                ThrowHelper.Format("The RLE/bit-packed data has an empty bit-packed run.");
            }

            // Writers may end the last run early and pad it; take the values the bytes actually hold.
            if (bytes > (ulong)available)
            {
                groups = (ulong)available / (ulong)Math.Max(_bitWidth, 1);
                if (groups == 0 && _bitWidth > 0)
                {
                    ThrowHelper.Truncated("bit-packed run", (int)Math.Min(bytes, int.MaxValue), available);
                }

                bytes = groups * (ulong)_bitWidth;
            }

            _packedStart = _position;
            _packedIndex = 0;
            _packedRemaining = (int)(Math.Min(groups, int.MaxValue / 8) * 8);
            _position += (int)bytes;
        }
    }

    private void Unpack(Span<int> destination)
    {
        if (_bitWidth == 0)
        {
            destination.Clear();
            _packedIndex += destination.Length;
            return;
        }

        var packed = _data.Slice(_packedStart);
        var bit = (long)_packedIndex * _bitWidth;
        for (var i = 0; i < destination.Length; i++, bit += _bitWidth)
        {
            destination[i] = (int)(ReadBits(packed, bit) & _mask);
        }

        _packedIndex += destination.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadBits(ReadOnlySpan<byte> packed, long bit)
    {
        var index = (int)(bit >> 3);
        var shift = (int)(bit & 7);
        if (index + 8 <= packed.Length)
        {
            return (uint)(BinaryPrimitives.ReadUInt64LittleEndian(packed.Slice(index, 8)) >> shift);
        }

        ulong word = 0;
        for (var i = 0; i < 8 && index + i < packed.Length; i++)
        {
            word |= (ulong)packed[index + i] << (8 * i);
        }

        return (uint)(word >> shift);
    }

    private ulong ReadUnsignedVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                ThrowHelper.Format("The RLE/bit-packed data ends before all values were read.");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        return ThrowHelper.Format<ulong>("The RLE/bit-packed data has a run header varint longer than 10 bytes.");
    }
}
