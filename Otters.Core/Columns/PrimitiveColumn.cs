using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Otters.Memory;

namespace Otters;

/// <summary>
/// A column of fixed-width values: <see cref="double"/> for Float64, <see cref="long"/> for Int64 and
/// Timestamp (the unit is in <see cref="Column.Type"/>), <see cref="int"/> for Int32.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class PrimitiveColumn<T> : Column
    where T : unmanaged
{
    private readonly AlignedBuffer _values;

    internal PrimitiveColumn(ColumnType type, AlignedBuffer values, AlignedBuffer? validity, int length, int nullCount)
        : base(type, length, validity, nullCount)
    {
        if (values.Length < length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            throw new ArgumentException($"The value buffer holds fewer than {length} values.", nameof(values));
        }

        CheckElementType(type);
        _values = values;
    }

    /// <summary>Gets the values; a null slot holds an unspecified value (check <see cref="Column.Validity"/>).</summary>
    public ReadOnlySpan<T> Values
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => MemoryMarshal.Cast<byte, T>(_values.Span)[..Length];
    }

    /// <summary>Gets the value buffer.</summary>
    internal AlignedBuffer ValuesBuffer => _values;

    /// <summary>Throws unless <typeparamref name="T"/> is the element type of <paramref name="type"/>.</summary>
    /// <param name="type">The column type.</param>
    internal static void CheckElementType(ColumnType type)
    {
        var ok = type.Kind switch
        {
            ColumnKind.Float64 => typeof(T) == typeof(double),
            ColumnKind.Int64 or ColumnKind.Timestamp => typeof(T) == typeof(long),
            ColumnKind.Int32 => typeof(T) == typeof(int),
            _ => false,
        };
        if (!ok)
        {
            throw new ArgumentException($"A {type} column cannot hold values of {typeof(T).Name}.", nameof(type));
        }
    }

    /// <summary>Creates a column holding a copy of the values, with nulls where <paramref name="isNull"/> says.</summary>
    /// <param name="type">The column type (its element type must be <typeparamref name="T"/>).</param>
    /// <param name="values">The values.</param>
    /// <param name="isNull">Optional: which values are null.</param>
    /// <returns>The column.</returns>
    public static PrimitiveColumn<T> Create(ColumnType type, ReadOnlySpan<T> values, ReadOnlySpan<bool> isNull = default)
    {
        var builder = new PrimitiveColumnBuilder<T>(type, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (!isNull.IsEmpty && isNull[i])
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(values[i]);
            }
        }

        return (PrimitiveColumn<T>)builder.Build();
    }

    /// <inheritdoc/>
    public override object? GetValue(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Row {index} is outside the column's {Length} rows.");
        }

        return IsNull(index) ? null : Values[index];
    }

    /// <inheritdoc/>
    public override Column Take(ReadOnlySpan<int> indices)
    {
        var source = Values;
        var buffer = AlignedBuffer.Allocate(indices.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), zero: false);
        var target = buffer.AsSpan<T>();
        for (var i = 0; i < indices.Length; i++)
        {
            target[i] = source[indices[i]];
        }

        var validity = TakeValidity(indices, out var nullCount);
        return new PrimitiveColumn<T>(Type, buffer, validity, indices.Length, nullCount);
    }

    /// <inheritdoc/>
    public override Column Slice(int start, int length)
    {
        CheckRange(start, length);
        var buffer = AlignedBuffer.CopyOf(MemoryMarshal.AsBytes(Values.Slice(start, length)));
        var validity = SliceValidity(start, length, out var nullCount);
        return new PrimitiveColumn<T>(Type, buffer, validity, length, nullCount);
    }
}
