using System.Runtime.CompilerServices;
using Otters.Conversion;
using Otters.Memory;

namespace Otters;

/// <summary>Builds a <see cref="PrimitiveColumn{T}"/>.</summary>
/// <typeparam name="T">double for Float64, long for Int64 and Timestamp, int for Int32.</typeparam>
public sealed class PrimitiveColumnBuilder<T> : ColumnBuilder
    where T : unmanaged
{
    private AlignedBuffer _values;

    /// <summary>Initializes a builder.</summary>
    /// <param name="type">The column type; its element type must be <typeparamref name="T"/>.</param>
    /// <param name="capacity">The values to make room for up front.</param>
    public PrimitiveColumnBuilder(ColumnType type, int capacity)
        : base(type, capacity)
    {
        PrimitiveColumn<T>.CheckElementType(type);
        _values = AlignedBuffer.Allocate(Capacity * Unsafe.SizeOf<T>(), zero: false);
    }

    /// <summary>Appends a value.</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(T value)
    {
        if (Length >= Capacity)
        {
            EnsureCapacity(Length + 1);
        }

        MarkValid();
        Unsafe.Add(ref Unsafe.As<byte, T>(ref _values.Span[0]), Length) = value;
        Length++;
    }

    /// <summary>Appends values, none of them null.</summary>
    /// <param name="values">The values.</param>
    public void AppendRange(ReadOnlySpan<T> values)
    {
        EnsureCapacity(Length + values.Length);
        MarkValidRange(values.Length);
        values.CopyTo(_values.AsSpan<T>()[Length..]);
        Length += values.Length;
    }

    /// <summary>Gets the values appended so far.</summary>
    internal Span<T> Values => _values.AsSpan<T>()[..Length];

    /// <inheritdoc/>
    public override void AppendValue(object? value)
    {
        if (value is null)
        {
            AppendNull();
            return;
        }

        if (typeof(T) == typeof(double))
        {
            if (!ValueCoercion.TryToDouble(value, out var d))
            {
                ThrowDoesNotFit(value);
            }

            Append(Unsafe.As<double, T>(ref d));
        }
        else if (typeof(T) == typeof(long))
        {
            long l;
            var ok = Type.Kind == ColumnKind.Timestamp
                ? ValueCoercion.TryToTimestamp(value, Type.Unit, out l)
                : ValueCoercion.TryToInt64(value, out l);
            if (!ok)
            {
                ThrowDoesNotFit(value);
            }

            Append(Unsafe.As<long, T>(ref l));
        }
        else
        {
            if (!ValueCoercion.TryToInt32(value, out var i))
            {
                ThrowDoesNotFit(value);
            }

            Append(Unsafe.As<int, T>(ref i));
        }
    }

    /// <inheritdoc/>
    private protected override void GrowValues(int capacity) =>
        _values = _values.Grow(Length * Unsafe.SizeOf<T>(), capacity * Unsafe.SizeOf<T>());

    /// <inheritdoc/>
    private protected override void AppendNullSlot() => _values.AsSpan<T>()[Length] = default;

    /// <inheritdoc/>
    private protected override Column BuildColumn(AlignedBuffer? validity, int nullCount)
    {
        var column = new PrimitiveColumn<T>(Type, _values, validity, Length, nullCount);
        _values = AlignedBuffer.Allocate(Capacity * Unsafe.SizeOf<T>(), zero: false);
        return column;
    }
}
