using System.Runtime.CompilerServices;
using Otters.Conversion;
using Otters.Memory;

namespace Otters;

/// <summary>
/// Builds one column by appending values, then <see cref="Build"/> hands the buffers to an immutable
/// <see cref="Column"/> and the builder starts over, empty.
/// </summary>
public abstract class ColumnBuilder
{
    private AlignedBuffer? _validity;

    private protected ColumnBuilder(ColumnType type, int capacity)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Type = type;
        Capacity = Math.Max(capacity, 8);
    }

    /// <summary>Gets the type of the column being built.</summary>
    public ColumnType Type { get; }

    /// <summary>Gets the number of values appended since the last build.</summary>
    public int Length { get; private protected set; }

    /// <summary>Gets the number of nulls appended since the last build.</summary>
    public int NullCount { get; private set; }

    /// <summary>Gets the number of values the buffers hold before they grow.</summary>
    private protected int Capacity { get; private set; }

    /// <summary>Creates the builder for a column type.</summary>
    /// <param name="type">The column type.</param>
    /// <param name="capacity">The values to make room for up front.</param>
    /// <returns>The builder.</returns>
    public static ColumnBuilder Create(ColumnType type, int capacity)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            ColumnKind.String => new StringColumnBuilder(capacity),
            ColumnKind.Float64 => new PrimitiveColumnBuilder<double>(type, capacity),
            ColumnKind.Int64 or ColumnKind.Timestamp => new PrimitiveColumnBuilder<long>(type, capacity),
            ColumnKind.Int32 => new PrimitiveColumnBuilder<int>(type, capacity),
            ColumnKind.Boolean => new BooleanColumnBuilder(capacity),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown column type."),
        };
    }

    /// <summary>Appends a null.</summary>
    public void AppendNull()
    {
        EnsureCapacity(Length + 1);
        MarkNull(Length);
        AppendNullSlot();
        Length++;
    }

    /// <summary>Appends <paramref name="count"/> nulls.</summary>
    /// <param name="count">The number of nulls.</param>
    public void AppendNulls(int count)
    {
        for (var i = 0; i < count; i++)
        {
            AppendNull();
        }
    }

    /// <summary>
    /// Appends a value of any supported CLR type, converting it as documented in <see cref="ValueCoercion"/>.
    /// </summary>
    /// <param name="value">The value, or null.</param>
    /// <exception cref="InvalidCastException">The value does not fit the column's type.</exception>
    public abstract void AppendValue(object? value);

    /// <summary>Hands the appended values to a new column and empties the builder.</summary>
    /// <returns>The column.</returns>
    public Column Build()
    {
        var column = BuildColumn(NullCount == 0 ? null : _validity, NullCount);
        _validity = null;
        NullCount = 0;
        Length = 0;
        return column;
    }

    /// <summary>Removes the last appended value (used to undo a row that failed half way).</summary>
    internal void RemoveLast()
    {
        if (Length == 0)
        {
            return;
        }

        Length--;
        if (_validity is not null)
        {
            if (!BitUtil.Get(_validity.Span, Length))
            {
                NullCount--;
            }

            BitUtil.Clear(_validity.Span, Length);
        }

        RemoveLastSlot();
    }

    /// <summary>Makes the value buffers hold at least <paramref name="count"/> values.</summary>
    /// <param name="count">The values needed.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void EnsureCapacity(int count)
    {
        if (count > Capacity)
        {
            Grow(count);
        }
    }

    private void Grow(int count)
    {
        var newCapacity = Math.Max(count, checked(Capacity * 2));
        GrowValues(newCapacity);
        if (_validity is not null)
        {
            _validity = _validity.Grow(BitUtil.BytesFor(Length), BitUtil.BytesFor(newCapacity));
        }

        Capacity = newCapacity;
    }

    /// <summary>Records that the slot about to be appended holds a value (only needed once a null was seen).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void MarkValid()
    {
        if (_validity is not null)
        {
            BitUtil.Set(_validity.Span, Length);
        }
    }

    /// <summary>Records that the next <paramref name="count"/> slots hold values.</summary>
    /// <param name="count">The number of slots.</param>
    private protected void MarkValidRange(int count)
    {
        if (_validity is not null)
        {
            BitUtil.SetRange(_validity.Span, Length, count);
        }
    }

    /// <summary>Records that slot <paramref name="index"/> is null.</summary>
    /// <param name="index">The slot.</param>
    private void MarkNull(int index)
    {
        if (_validity is null)
        {
            // The bitmap appears with the first null: every slot before it was valid.
            _validity = AlignedBuffer.Allocate(BitUtil.BytesFor(Capacity));
            BitUtil.SetAll(_validity.Span, index);
        }

        NullCount++;
    }

    /// <summary>Grows the value buffers to <paramref name="capacity"/> values.</summary>
    /// <param name="capacity">The new capacity.</param>
    private protected abstract void GrowValues(int capacity);

    /// <summary>Fills the value slot of a null (zero, or an empty string).</summary>
    private protected abstract void AppendNullSlot();

    /// <summary>Forgets the value slot at <see cref="Length"/> (already decremented).</summary>
    private protected virtual void RemoveLastSlot()
    {
    }

    /// <summary>Creates the column from the value buffers.</summary>
    /// <param name="validity">The validity bitmap or null.</param>
    /// <param name="nullCount">The number of nulls.</param>
    /// <returns>The column.</returns>
    private protected abstract Column BuildColumn(AlignedBuffer? validity, int nullCount);

    /// <summary>Throws the error for a value that does not fit.</summary>
    /// <param name="value">The value.</param>
    private protected void ThrowDoesNotFit(object value) => ValueCoercion.ThrowDoesNotFit(Type, value);
}
