using System.Buffers.Binary;
using System.Text;

namespace Otters.IO.Arrow.FlatBuffers;

/// <summary>
/// A bounds-checked view of one FlatBuffer table. Every offset read from the buffer is checked
/// against the buffer before use, so a corrupt buffer throws <see cref="InvalidDataException"/>
/// rather than reading outside it or allocating from an untrusted length.
/// </summary>
internal readonly ref struct FlatBufferTable
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _position;
    private readonly int _vtable;
    private readonly int _vtableSize;

    private FlatBufferTable(ReadOnlySpan<byte> buffer, int position, string what)
    {
        FlatBufferChecks.Require(buffer, position, sizeof(int), what);
        var vtable = (long)position - BinaryPrimitives.ReadInt32LittleEndian(buffer[position..]);
        if (vtable < 0 || vtable > buffer.Length - 4)
        {
            FlatBufferChecks.Fail($"The vtable of the {what} table lies outside the metadata.");
        }

        _vtable = (int)vtable;
        _vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer[_vtable..]);
        int tableSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer[(_vtable + 2)..]);
        if (_vtableSize < 4 || (_vtableSize & 1) != 0)
        {
            FlatBufferChecks.Fail($"The vtable of the {what} table has an invalid size of {_vtableSize} bytes.");
        }

        FlatBufferChecks.Require(buffer, _vtable, _vtableSize, what + " vtable");
        FlatBufferChecks.Require(buffer, position, Math.Max(tableSize, sizeof(int)), what);
        _buffer = buffer;
        _position = position;
    }

    /// <summary>Reads the root table that the buffer's first four bytes point to.</summary>
    public static FlatBufferTable GetRoot(ReadOnlySpan<byte> buffer, string what)
    {
        FlatBufferChecks.Require(buffer, 0, sizeof(int), what + " root offset");
        return new FlatBufferTable(buffer, FollowOffset(buffer, 0, what), what);
    }

    /// <summary>Gets whether the field is present (not defaulted) in this table.</summary>
    public bool Has(int field) => FieldPosition(field) != 0;

    /// <summary>Reads an 8-bit field or its default.</summary>
    public byte GetByte(int field, byte defaultValue)
    {
        var at = FieldPosition(field, 1);
        return at == 0 ? defaultValue : _buffer[at];
    }

    /// <summary>Reads a bool field or its default.</summary>
    public bool GetBool(int field, bool defaultValue) => GetByte(field, defaultValue ? (byte)1 : (byte)0) != 0;

    /// <summary>Reads a 16-bit field or its default.</summary>
    public short GetInt16(int field, short defaultValue)
    {
        var at = FieldPosition(field, sizeof(short));
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt16LittleEndian(_buffer[at..]);
    }

    /// <summary>Reads a 32-bit field or its default.</summary>
    public int GetInt32(int field, int defaultValue)
    {
        var at = FieldPosition(field, sizeof(int));
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt32LittleEndian(_buffer[at..]);
    }

    /// <summary>Reads a 64-bit field or its default.</summary>
    public long GetInt64(int field, long defaultValue)
    {
        var at = FieldPosition(field, sizeof(long));
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt64LittleEndian(_buffer[at..]);
    }

    /// <summary>Reads a string field, or null when it is absent.</summary>
    public string? GetString(int field, string what)
    {
        var at = FieldPosition(field, sizeof(int));
        if (at == 0)
        {
            return null;
        }

        var bytes = VectorBytes(FollowOffset(_buffer, at, what), 1, what);
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            FlatBufferChecks.Fail($"The {what} string is not valid UTF-8.");
            return null;
        }
    }

    /// <summary>Reads the table a field refers to, or returns false when the field is absent.</summary>
    public bool TryGetTable(int field, string what, out FlatBufferTable table)
    {
        var at = FieldPosition(field, sizeof(int));
        if (at == 0)
        {
            table = default;
            return false;
        }

        table = new FlatBufferTable(_buffer, FollowOffset(_buffer, at, what), what);
        return true;
    }

    /// <summary>Gets the element count of a vector field; 0 when it is absent.</summary>
    public int GetVectorLength(int field, int elementSize, string what)
        => GetVectorBytes(field, elementSize, what).Length / elementSize;

    /// <summary>Gets the bytes of a vector of scalars or structs (empty when absent), checked to lie inside the buffer.</summary>
    public ReadOnlySpan<byte> GetVectorBytes(int field, int elementSize, string what)
    {
        var at = FieldPosition(field, sizeof(int));
        return at == 0 ? default : VectorBytes(FollowOffset(_buffer, at, what), elementSize, what);
    }

    /// <summary>Reads element <paramref name="index"/> of a vector of tables.</summary>
    public FlatBufferTable GetTableElement(int field, int index, string what)
    {
        var at = FieldPosition(field, sizeof(int));
        if (at == 0)
        {
            FlatBufferChecks.Fail($"The {what} vector is absent.");
        }

        var vector = FollowOffset(_buffer, at, what);
        var count = VectorBytes(vector, sizeof(int), what).Length / sizeof(int);
        if ((uint)index >= (uint)count)
        {
            FlatBufferChecks.Fail($"Element {index} of the {what} vector does not exist.");
        }

        var element = vector + sizeof(int) + (index * sizeof(int));
        return new FlatBufferTable(_buffer, FollowOffset(_buffer, element, what), what);
    }

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ReadOnlySpan<byte> VectorBytes(int vector, int elementSize, string what)
    {
        FlatBufferChecks.Require(_buffer, vector, sizeof(int), what + " vector length");
        var count = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[vector..]);
        var byteLength = (long)count * elementSize;
        if (byteLength > _buffer.Length - vector - sizeof(int))
        {
            FlatBufferChecks.Fail($"The {what} vector claims {count} elements, more than the metadata holds.");
        }

        return _buffer.Slice(vector + sizeof(int), (int)byteLength);
    }

    private int FieldPosition(int field, int size = 1)
    {
        var entry = 4 + (field * 2);
        if (_buffer.IsEmpty || entry + 2 > _vtableSize)
        {
            return 0;
        }

        int offset = BinaryPrimitives.ReadUInt16LittleEndian(_buffer[(_vtable + entry)..]);
        if (offset == 0)
        {
            return 0;
        }

        FlatBufferChecks.Require(_buffer, _position + offset, size, "table field");
        return _position + offset;
    }

    private static int FollowOffset(ReadOnlySpan<byte> buffer, int at, string what)
    {
        FlatBufferChecks.Require(buffer, at, sizeof(int), what + " offset");
        var target = at + (long)BinaryPrimitives.ReadUInt32LittleEndian(buffer[at..]);
        if (target > buffer.Length - 4)
        {
            FlatBufferChecks.Fail($"The {what} offset points outside the metadata.");
        }

        return (int)target;
    }
}
