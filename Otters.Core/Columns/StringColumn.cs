using System.Text;
using Otters.Memory;

namespace Otters;

/// <summary>A column of UTF-8 strings: <see cref="Length"/> + 1 int32 offsets into one data buffer.</summary>
public sealed class StringColumn : Column
{
    private readonly AlignedBuffer _offsets;
    private readonly AlignedBuffer _data;

    internal StringColumn(AlignedBuffer offsets, AlignedBuffer data, AlignedBuffer? validity, int length, int nullCount)
        : base(ColumnType.String, length, validity, nullCount)
    {
        if (offsets.Length < (length + 1) * sizeof(int))
        {
            throw new ArgumentException($"The offset buffer holds fewer than {length + 1} offsets.", nameof(offsets));
        }

        _offsets = offsets;
        _data = data;
        if (Offsets[length] > data.Length)
        {
            throw new ArgumentException("The last offset points past the end of the data buffer.", nameof(data));
        }
    }

    /// <summary>Gets the <see cref="Column.Length"/> + 1 offsets; value i is Data[Offsets[i]..Offsets[i + 1]].</summary>
    public ReadOnlySpan<int> Offsets => _offsets.AsSpan<int>()[..(Length + 1)];

    /// <summary>Gets the UTF-8 bytes of all values.</summary>
    public ReadOnlySpan<byte> Data => _data.Span[..Offsets[Length]];

    /// <summary>Gets the offsets buffer.</summary>
    internal AlignedBuffer OffsetsBuffer => _offsets;

    /// <summary>Gets the data buffer.</summary>
    internal AlignedBuffer DataBuffer => _data;

    /// <summary>Returns the UTF-8 bytes of the value at <paramref name="index"/> (empty for a null).</summary>
    /// <param name="index">The row index.</param>
    /// <returns>The bytes.</returns>
    public ReadOnlySpan<byte> GetBytes(int index)
    {
        var offsets = Offsets;
        return _data.Span[offsets[index]..offsets[index + 1]];
    }

    /// <summary>Returns the value at <paramref name="index"/> as a string, or null.</summary>
    /// <param name="index">The row index.</param>
    /// <returns>The string or null.</returns>
    public string? GetString(int index) => IsNull(index) ? null : Encoding.UTF8.GetString(GetBytes(index));

    /// <inheritdoc/>
    public override object? GetValue(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Row {index} is outside the column's {Length} rows.");
        }

        return GetString(index);
    }

    /// <inheritdoc/>
    public override Column Take(ReadOnlySpan<int> indices)
    {
        var builder = new StringColumnBuilder(indices.Length);
        foreach (var i in indices)
        {
            if (IsNull(i))
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(GetBytes(i));
            }
        }

        return builder.Build();
    }

    /// <inheritdoc/>
    public override Column Slice(int start, int length)
    {
        CheckRange(start, length);
        var offsets = Offsets;
        var first = offsets[start];
        var offsetBuffer = AlignedBuffer.Allocate((length + 1) * sizeof(int), zero: false);
        var target = offsetBuffer.AsSpan<int>();
        for (var i = 0; i <= length; i++)
        {
            target[i] = offsets[start + i] - first;
        }

        var data = AlignedBuffer.CopyOf(_data.Span[first..offsets[start + length]]);
        var validity = SliceValidity(start, length, out var nullCount);
        return new StringColumn(offsetBuffer, data, validity, length, nullCount);
    }
}
