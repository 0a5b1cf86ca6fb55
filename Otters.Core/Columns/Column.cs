using Otters.Memory;

namespace Otters;

/// <summary>
/// An immutable column of a <see cref="RecordBatch"/> in Arrow's memory layout: 64-byte aligned
/// buffers and an LSB-first validity bitmap (absent when no value is null).
/// </summary>
public abstract class Column
{
    private protected Column(ColumnType type, int length, AlignedBuffer? validity, int nullCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (nullCount > 0 && validity is null)
        {
            throw new ArgumentException("A column with nulls needs a validity bitmap.", nameof(validity));
        }

        Type = type;
        Length = length;
        NullCount = nullCount;
        ValidityBuffer = nullCount == 0 ? null : validity;
    }

    /// <summary>Gets the column's type.</summary>
    public ColumnType Type { get; }

    /// <summary>Gets the number of values.</summary>
    public int Length { get; }

    /// <summary>Gets the number of null values.</summary>
    public int NullCount { get; }

    /// <summary>Gets the validity bitmap (bit set = value present), or an empty span when no value is null.</summary>
    public ReadOnlySpan<byte> Validity => ValidityBuffer is null ? default : ValidityBuffer.Span[..BitUtil.BytesFor(Length)];

    /// <summary>Gets the validity buffer, or null when no value is null.</summary>
    internal AlignedBuffer? ValidityBuffer { get; }

    /// <summary>Returns whether the value at <paramref name="index"/> is null.</summary>
    /// <param name="index">The row index.</param>
    /// <returns>True when the value is null.</returns>
    public bool IsNull(int index) => ValidityBuffer is not null && !BitUtil.Get(ValidityBuffer.Span, index);

    /// <summary>Returns whether the value at <paramref name="index"/> is present.</summary>
    /// <param name="index">The row index.</param>
    /// <returns>True when the value is not null.</returns>
    public bool IsValid(int index) => !IsNull(index);

    /// <summary>Returns the value at <paramref name="index"/> as an object (boxing it), or null. Meant for rows, not kernels.</summary>
    /// <param name="index">The row index.</param>
    /// <returns>The value: string, double, long (also timestamps, in the column's unit), int, bool or null.</returns>
    public abstract object? GetValue(int index);

    /// <summary>Returns a new column of the values at the given row indices, in that order.</summary>
    /// <param name="indices">The row indices to take.</param>
    /// <returns>The new column.</returns>
    public abstract Column Take(ReadOnlySpan<int> indices);

    /// <summary>Returns a new column of the rows [start, start + length).</summary>
    /// <param name="start">The first row.</param>
    /// <param name="length">The number of rows.</param>
    /// <returns>The new column.</returns>
    public abstract Column Slice(int start, int length);

    /// <summary>Copies the validity of the given rows into a new bitmap, or returns null when none of them is null.</summary>
    /// <param name="indices">The rows to take.</param>
    /// <param name="nullCount">The number of nulls among them.</param>
    /// <returns>The new validity buffer or null.</returns>
    private protected AlignedBuffer? TakeValidity(ReadOnlySpan<int> indices, out int nullCount)
    {
        nullCount = 0;
        if (ValidityBuffer is null)
        {
            return null;
        }

        var source = ValidityBuffer.Span;
        var bitmap = AlignedBuffer.Allocate(BitUtil.BytesFor(indices.Length));
        var target = bitmap.Span;
        for (var i = 0; i < indices.Length; i++)
        {
            if (BitUtil.Get(source, indices[i]))
            {
                BitUtil.Set(target, i);
            }
            else
            {
                nullCount++;
            }
        }

        return nullCount == 0 ? null : bitmap;
    }

    /// <summary>Copies the validity of rows [start, start + length) into a new bitmap, or returns null when none is null.</summary>
    /// <param name="start">The first row.</param>
    /// <param name="length">The number of rows.</param>
    /// <param name="nullCount">The number of nulls among them.</param>
    /// <returns>The new validity buffer or null.</returns>
    private protected AlignedBuffer? SliceValidity(int start, int length, out int nullCount)
    {
        nullCount = 0;
        if (ValidityBuffer is null)
        {
            return null;
        }

        var source = ValidityBuffer.Span;
        var bitmap = AlignedBuffer.Allocate(BitUtil.BytesFor(length));
        var target = bitmap.Span;
        for (var i = 0; i < length; i++)
        {
            if (BitUtil.Get(source, start + i))
            {
                BitUtil.Set(target, i);
            }
            else
            {
                nullCount++;
            }
        }

        return nullCount == 0 ? null : bitmap;
    }

    /// <summary>Checks a row range against the column's length.</summary>
    /// <param name="start">The first row.</param>
    /// <param name="length">The number of rows.</param>
    private protected void CheckRange(int start, int length)
    {
        if ((uint)start > (uint)Length || (uint)length > (uint)(Length - start))
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows [{start}, {start + length}) are outside the column's {Length} rows.");
        }
    }

    /// <summary>Returns the type and length, e.g. <c>float64[1024]</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Type}[{Length}]";
}
