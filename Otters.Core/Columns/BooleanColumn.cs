using Otters.Memory;

namespace Otters;

/// <summary>A column of booleans, one bit per value, LSB first.</summary>
public sealed class BooleanColumn : Column
{
    private readonly AlignedBuffer _bits;

    internal BooleanColumn(AlignedBuffer bits, AlignedBuffer? validity, int length, int nullCount)
        : base(ColumnType.Boolean, length, validity, nullCount)
    {
        if (bits.Length < BitUtil.BytesFor(length))
        {
            throw new ArgumentException($"The bit buffer holds fewer than {length} values.", nameof(bits));
        }

        _bits = bits;
    }

    /// <summary>Gets the value bits, LSB first; a null slot holds an unspecified bit.</summary>
    public ReadOnlySpan<byte> Bits => _bits.Span[..BitUtil.BytesFor(Length)];

    /// <summary>Gets the bit buffer.</summary>
    internal AlignedBuffer BitsBuffer => _bits;

    /// <summary>Returns the value at <paramref name="index"/>; false for a null.</summary>
    /// <param name="index">The row index.</param>
    /// <returns>The value.</returns>
    public bool GetBoolean(int index) => BitUtil.Get(_bits.Span, index);

    /// <inheritdoc/>
    public override object? GetValue(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Row {index} is outside the column's {Length} rows.");
        }

        return IsNull(index) ? null : GetBoolean(index);
    }

    /// <inheritdoc/>
    public override Column Take(ReadOnlySpan<int> indices)
    {
        var bits = AlignedBuffer.Allocate(BitUtil.BytesFor(indices.Length));
        var source = _bits.Span;
        var target = bits.Span;
        for (var i = 0; i < indices.Length; i++)
        {
            if (BitUtil.Get(source, indices[i]))
            {
                BitUtil.Set(target, i);
            }
        }

        var validity = TakeValidity(indices, out var nullCount);
        return new BooleanColumn(bits, validity, indices.Length, nullCount);
    }

    /// <inheritdoc/>
    public override Column Slice(int start, int length)
    {
        CheckRange(start, length);
        var bits = AlignedBuffer.Allocate(BitUtil.BytesFor(length));
        var source = _bits.Span;
        var target = bits.Span;
        for (var i = 0; i < length; i++)
        {
            if (BitUtil.Get(source, start + i))
            {
                BitUtil.Set(target, i);
            }
        }

        var validity = SliceValidity(start, length, out var nullCount);
        return new BooleanColumn(bits, validity, length, nullCount);
    }
}
