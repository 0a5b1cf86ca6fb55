using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Otters.IO.Parquet.Thrift;

/// <summary>
/// Writes the Thrift compact protocol into a growable buffer. Structs are written by their own Write
/// methods, which keep the last field id in a local and pass it by reference, as the protocol delta-codes ids.
/// </summary>
internal sealed class ThriftCompactWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public ThriftCompactWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Gets the number of bytes written so far.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Clear() => _buffer.Clear();

    public void WriteFieldHeader(ThriftType type, short fieldId, ref short lastFieldId)
    {
        var delta = fieldId - lastFieldId;
        if (delta is > 0 and <= 15)
        {
            WriteByte((byte)((delta << 4) | (int)type));
        }
        else
        {
            WriteByte((byte)type);
            WriteVarint32(ZigZag32(fieldId));
        }

        lastFieldId = fieldId;
    }

    public void WriteStop() => WriteByte(0);

    public void WriteI32Field(short fieldId, int value, ref short lastFieldId)
    {
        WriteFieldHeader(ThriftType.I32, fieldId, ref lastFieldId);
        WriteI32(value);
    }

    public void WriteI64Field(short fieldId, long value, ref short lastFieldId)
    {
        WriteFieldHeader(ThriftType.I64, fieldId, ref lastFieldId);
        WriteI64(value);
    }

    public void WriteBoolField(short fieldId, bool value, ref short lastFieldId) =>
        WriteFieldHeader(value ? ThriftType.BooleanTrue : ThriftType.BooleanFalse, fieldId, ref lastFieldId);

    public void WriteBinaryField(short fieldId, ReadOnlySpan<byte> value, ref short lastFieldId)
    {
        WriteFieldHeader(ThriftType.Binary, fieldId, ref lastFieldId);
        WriteBinary(value);
    }

    public void WriteStringField(short fieldId, string value, ref short lastFieldId)
    {
        WriteFieldHeader(ThriftType.Binary, fieldId, ref lastFieldId);
        WriteString(value);
    }

    public void WriteListHeader(ThriftType elementType, int count)
    {
        if (count < 15)
        {
            WriteByte((byte)((count << 4) | (int)elementType));
        }
        else
        {
            WriteByte((byte)(0xF0 | (int)elementType));
            WriteVarint32((uint)count);
        }
    }

    public void WriteI16(short value) => WriteVarint32(ZigZag32(value));

    public void WriteI32(int value) => WriteVarint32(ZigZag32(value));

    public void WriteI64(long value) => WriteVarint64((ulong)((value << 1) ^ (value >> 63)));

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteVarint32((uint)value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint32((uint)length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    private void WriteVarint32(uint value)
    {
        var span = _buffer.GetSpan(5);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    private void WriteVarint64(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    private static uint ZigZag32(int value) => (uint)((value << 1) ^ (value >> 31));
}
