using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Otters.IO.Parquet.Internal;

namespace Otters.IO.Parquet.Thrift;

/// <summary>
/// Reads the Thrift compact protocol from a span. Every length and count is checked against the bytes
/// that remain before anything is allocated, so a corrupt footer fails with a message, not a huge array.
/// </summary>
internal ref partial struct ThriftCompactReader
{
    /// <summary>Nesting deeper than this is taken as corruption (Parquet metadata nests about six levels).</summary>
    private const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _depth;

    public ThriftCompactReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _depth = 0;
    }

    /// <summary>Gets the number of bytes read so far.</summary>
    public readonly int Position => _position;

    /// <summary>Gets the number of bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>
    /// Reads the next field header of the current struct. Returns false at the struct's stop byte.
    /// <paramref name="lastFieldId"/> carries the previous field id, against which ids are delta-coded.
    /// </summary>
    public bool ReadFieldHeader(ref short lastFieldId, out ThriftType type, out short fieldId)
    {
        var header = ReadByte();
        if (header == 0)
        {
            type = ThriftType.Stop;
            fieldId = 0;
            return false;
        }

        type = (ThriftType)(header & 0x0F);
        var delta = header >> 4;
        fieldId = delta != 0 ? (short)(lastFieldId + delta) : ReadI16();
        if (type > ThriftType.Struct)
        {
            ThrowHelper.Format($"The Thrift metadata has a field of unknown type {(int)type} at byte {_position - 1}.");
        }

        lastFieldId = fieldId;
        return true;
    }

    /// <summary>Marks the start of a nested struct, failing on implausibly deep nesting.</summary>
    public void EnterStruct()
    {
        if (++_depth > MaxDepth)
        {
            ThrowHelper.Format($"The Thrift metadata nests structs more than {MaxDepth} levels deep.");
        }
    }

    /// <summary>Marks the end of a nested struct.</summary>
    public void ExitStruct() => _depth--;

    /// <summary>Reads the value of a boolean field, which the compact protocol keeps in the field header's type.</summary>
    public static bool BoolFromFieldType(ThriftType type) => type == ThriftType.BooleanTrue;

    /// <summary>Reads one boolean list element (one byte; 1 is true).</summary>
    public bool ReadBoolElement() => ReadByte() == 1;

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            ThrowHelper.Truncated("Thrift metadata", 1, 0);
        }

        return _data[_position++];
    }

    public short ReadI16() => (short)ZigZag32(ReadVarint32());

    public int ReadI32() => ZigZag32(ReadVarint32());

    public long ReadI64() => ZigZag64(ReadVarint64());

    public double ReadDouble()
    {
        Need(8);
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    /// <summary>Reads a length-prefixed byte string; the span points into the input.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        var length = ReadVarint32();
        if (length < 0 || length > Remaining)
        {
            ThrowHelper.Format($"The Thrift metadata declares a {(uint)length}-byte string at byte {_position} but only {Remaining} bytes remain.");
        }

        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBinary());

    public byte[] ReadBinaryArray() => ReadBinary().ToArray();

    /// <summary>Reads a list or set header. The count is bounded by the bytes left, since every element takes at least one.</summary>
    public int ReadListHeader(out ThriftType elementType)
    {
        var header = ReadByte();
        elementType = (ThriftType)(header & 0x0F);
        var count = header >> 4;
        if (count == 15)
        {
            count = ReadVarint32();
        }

        if (count < 0 || count > Remaining)
        {
            ThrowHelper.Format($"The Thrift metadata declares a list of {(uint)count} elements but only {Remaining} bytes remain.");
        }

        return count;
    }

    /// <summary>Skips a value of the given type, recursing into containers.</summary>
    public void Skip(ThriftType type)
    {
        switch (type)
        {
            case ThriftType.BooleanTrue:
            case ThriftType.BooleanFalse:
                // Inside a field header the value is the type itself; inside a list it is a byte (handled by callers
                // through SkipElement).
                break;
            case ThriftType.Byte:
                ReadByte();
                break;
            case ThriftType.I16:
            case ThriftType.I32:
                ReadVarint32();
                break;
            case ThriftType.I64:
                ReadVarint64();
                break;
            case ThriftType.Double:
                Need(8);
                _position += 8;
                break;
            case ThriftType.Binary:
                ReadBinary();
                break;
            case ThriftType.List:
            case ThriftType.Set:
                SkipList();
                break;
            case ThriftType.Map:
                SkipMap();
                break;
            case ThriftType.Struct:
                SkipStruct();
                break;
            default:
                ThrowHelper.Format($"The Thrift metadata has a value of unknown type {(int)type} at byte {_position}.");
                break;
        }
    }

    public void SkipStruct()
    {
        EnterStruct();
        short last = 0;
        while (ReadFieldHeader(ref last, out var type, out _))
        {
            Skip(type);
        }

        ExitStruct();
    }

    private void SkipList()
    {
        EnterStruct();
        var count = ReadListHeader(out var elementType);
        for (var i = 0; i < count; i++)
        {
            SkipElement(elementType);
        }

        ExitStruct();
    }

    private void SkipMap()
    {
        EnterStruct();
        var count = ReadVarint32();
        if (count < 0 || count > Remaining)
        {
            ThrowHelper.Format($"The Thrift metadata declares a map of {(uint)count} entries but only {Remaining} bytes remain.");
        }

        if (count > 0)
        {
            var types = ReadByte();
            for (var i = 0; i < count; i++)
            {
                SkipElement((ThriftType)(types >> 4));
                SkipElement((ThriftType)(types & 0x0F));
            }
        }

        ExitStruct();
    }

    private void SkipElement(ThriftType type)
    {
        if (type is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
        {
            ReadByte();
        }
        else
        {
            Skip(type);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Need(int count)
    {
        if (count > Remaining)
        {
            ThrowHelper.Truncated("Thrift metadata", count, Remaining);
        }
    }

    private int ReadVarint32()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (int)result;
            }
        }

        return ThrowHelper.Format<int>($"The Thrift metadata has a 32-bit varint longer than 5 bytes at byte {_position}.");
    }

    private long ReadVarint64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (long)result;
            }
        }

        return ThrowHelper.Format<long>($"The Thrift metadata has a 64-bit varint longer than 10 bytes at byte {_position}.");
    }

    private static int ZigZag32(int n) => (int)((uint)n >> 1) ^ -(n & 1);

    private static long ZigZag64(long n) => (long)((ulong)n >> 1) ^ -(n & 1);
}
