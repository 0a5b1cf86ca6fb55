using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace Otters.IO.Arrow.FlatBuffers;

/// <summary>
/// Builds one FlatBuffer back to front, the way the format's reference builders do: children are
/// written before their parents so that every unsigned offset points forward. Only the pieces
/// Arrow's metadata needs exist here: scalars, strings, offset and struct vectors, tables and the
/// union fields that are a pair of scalars.
/// </summary>
internal sealed class FlatBufferBuilder
{
    private byte[] _buffer;
    private int _head;
    private int _minAlign = 1;
    private int[] _fieldLocations = new int[16];
    private int _fieldCount = -1;
    private int _tableStart;
    private int _vectorCount;

    /// <summary>Creates a builder whose buffer starts at <paramref name="initialCapacity"/> bytes and grows.</summary>
    public FlatBufferBuilder(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(initialCapacity, 16)];
        _head = _buffer.Length;
    }

    /// <summary>Gets the number of bytes written so far; builder offsets count from the buffer's end.</summary>
    public int Offset => _buffer.Length - _head;

    /// <summary>Writes <paramref name="value"/> as a UTF-8 string and returns its offset.</summary>
    public int CreateString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        Prep(sizeof(int), byteCount + 1);
        _head -= 1;
        _buffer[_head] = 0;
        _head -= byteCount;
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_head, byteCount));
        PutInt32(byteCount);
        return Offset;
    }

    /// <summary>Writes a vector of offsets to tables or strings and returns its offset.</summary>
    public int CreateOffsetVector(ReadOnlySpan<int> offsets)
    {
        StartVector(sizeof(int), offsets.Length, sizeof(int));
        for (var i = offsets.Length - 1; i >= 0; i--)
        {
            AddOffsetValue(offsets[i]);
        }

        return EndVector();
    }

    /// <summary>
    /// Starts a vector of <paramref name="count"/> elements of <paramref name="elementSize"/> bytes;
    /// push the elements last to first, then call <see cref="EndVector"/>.
    /// </summary>
    public void StartVector(int elementSize, int count, int alignment)
    {
        Debug.Assert(_fieldCount < 0, "A vector cannot be built inside a table.");
        Prep(sizeof(int), elementSize * count);
        Prep(alignment, elementSize * count);
        _vectorCount = count;
    }

    /// <summary>Ends the vector begun by <see cref="StartVector"/> and returns its offset.</summary>
    public int EndVector()
    {
        PutInt32(_vectorCount);
        return Offset;
    }

    /// <summary>Writes <paramref name="byteCount"/> zero bytes, the gap inside a struct such as Arrow's Block.</summary>
    public void Pad(int byteCount)
    {
        Prep(1, byteCount);
        _head -= byteCount;
        _buffer.AsSpan(_head, byteCount).Clear();
    }

    /// <summary>Aligns for and writes one 64-bit integer (a struct field or vector element).</summary>
    public void PutInt64(long value)
    {
        Prep(sizeof(long), 0);
        _head -= sizeof(long);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_head), value);
    }

    /// <summary>Aligns for and writes one 32-bit integer (a struct field or vector element).</summary>
    public void PutInt32(int value)
    {
        Prep(sizeof(int), 0);
        _head -= sizeof(int);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_head), value);
    }

    /// <summary>Starts a table with room for <paramref name="fieldCount"/> field slots.</summary>
    public void StartTable(int fieldCount)
    {
        Debug.Assert(_fieldCount < 0, "Tables cannot nest while being built.");
        if (_fieldLocations.Length < fieldCount)
        {
            _fieldLocations = new int[fieldCount];
        }

        _fieldLocations.AsSpan(0, fieldCount).Clear();
        _fieldCount = fieldCount;
        _tableStart = Offset;
    }

    /// <summary>Adds a 64-bit field unless it equals the schema default.</summary>
    public void AddInt64(int field, long value, long defaultValue)
    {
        if (value == defaultValue)
        {
            return;
        }

        PutInt64(value);
        Slot(field);
    }

    /// <summary>Adds a 32-bit field unless it equals the schema default.</summary>
    public void AddInt32(int field, int value, int defaultValue)
    {
        if (value == defaultValue)
        {
            return;
        }

        PutInt32(value);
        Slot(field);
    }

    /// <summary>Adds a 16-bit field (enums declared as short) unless it equals the schema default.</summary>
    public void AddInt16(int field, short value, short defaultValue)
    {
        if (value == defaultValue)
        {
            return;
        }

        Prep(sizeof(short), 0);
        _head -= sizeof(short);
        BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_head), value);
        Slot(field);
    }

    /// <summary>Adds an 8-bit field (bools, byte enums and union type tags) unless it equals the default.</summary>
    public void AddByte(int field, byte value, byte defaultValue)
    {
        if (value == defaultValue)
        {
            return;
        }

        Prep(1, 0);
        _head -= 1;
        _buffer[_head] = value;
        Slot(field);
    }

    /// <summary>Adds a field referring to a table, string or vector built earlier.</summary>
    public void AddOffset(int field, int offset)
    {
        if (offset == 0)
        {
            return;
        }

        AddOffsetValue(offset);
        Slot(field);
    }

    /// <summary>Ends the current table, writes its vtable and returns the table's offset.</summary>
    public int EndTable()
    {
        Debug.Assert(_fieldCount >= 0, "EndTable needs a StartTable.");
        PutInt32(0);
        var tableOffset = Offset;
        var fieldCount = _fieldCount;
        while (fieldCount > 0 && _fieldLocations[fieldCount - 1] == 0)
        {
            fieldCount--;
        }

        for (var i = fieldCount - 1; i >= 0; i--)
        {
            var location = _fieldLocations[i];
            PutInt16((short)(location == 0 ? 0 : tableOffset - location));
        }

        PutInt16((short)(tableOffset - _tableStart));
        PutInt16((short)((fieldCount + 2) * sizeof(short)));
        var vtableOffset = Offset;

        // The vtable sits just before the table, so the table's signed offset to it is positive.
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffer.Length - tableOffset), vtableOffset - tableOffset);
        _fieldCount = -1;
        return tableOffset;
    }

    /// <summary>Writes the root offset and returns the finished buffer, a multiple of its largest alignment.</summary>
    public ReadOnlySpan<byte> Finish(int rootTable)
    {
        Prep(Math.Max(_minAlign, 8), sizeof(int));
        AddOffsetValue(rootTable);
        return _buffer.AsSpan(_head);
    }

    private void PutInt16(short value)
    {
        Prep(sizeof(short), 0);
        _head -= sizeof(short);
        BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_head), value);
    }

    private void AddOffsetValue(int offset)
    {
        Prep(sizeof(int), 0);
        Debug.Assert(offset <= Offset, "An offset must refer to something already written.");
        PutInt32(Offset - offset + sizeof(int));
    }

    private void Slot(int field)
    {
        Debug.Assert((uint)field < (uint)_fieldCount, "The field index is outside the table being built.");
        _fieldLocations[field] = Offset;
    }

    // Pads so that after writing additionalBytes more, the next write of `size` bytes is aligned
    // relative to the buffer's end; Finish aligns the whole buffer so this holds at the start too.
    private void Prep(int size, int additionalBytes)
    {
        if (size > _minAlign)
        {
            _minAlign = size;
        }

        var alignSize = (~(Offset + additionalBytes) + 1) & (size - 1);
        var needed = alignSize + size + additionalBytes;
        if (_head < needed)
        {
            Grow(needed);
        }

        _head -= alignSize;
        _buffer.AsSpan(_head, alignSize).Clear();
    }

    private void Grow(int needed)
    {
        var used = Offset;
        var newSize = Math.Max(_buffer.Length * 2, used + needed + 16);
        var grown = new byte[newSize];
        _buffer.AsSpan(_head).CopyTo(grown.AsSpan(newSize - used));
        _buffer = grown;
        _head = newSize - used;
    }
}
