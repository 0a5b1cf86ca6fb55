using Otters.Memory;

namespace Otters;

/// <summary>Builds a <see cref="BooleanColumn"/>.</summary>
public sealed class BooleanColumnBuilder : ColumnBuilder
{
    private AlignedBuffer _bits;

    /// <summary>Initializes a builder.</summary>
    /// <param name="capacity">The values to make room for up front.</param>
    public BooleanColumnBuilder(int capacity)
        : base(ColumnType.Boolean, capacity)
    {
        _bits = AlignedBuffer.Allocate(BitUtil.BytesFor(Capacity));
    }

    /// <summary>Appends a value.</summary>
    /// <param name="value">The value.</param>
    public void Append(bool value)
    {
        EnsureCapacity(Length + 1);
        MarkValid();
        if (value)
        {
            BitUtil.Set(_bits.Span, Length);
        }

        Length++;
    }

    /// <inheritdoc/>
    public override void AppendValue(object? value)
    {
        switch (value)
        {
            case null:
                AppendNull();
                break;
            case bool b:
                Append(b);
                break;
            default:
                ThrowDoesNotFit(value);
                break;
        }
    }

    /// <inheritdoc/>
    private protected override void GrowValues(int capacity) =>
        _bits = _bits.Grow(BitUtil.BytesFor(Length), BitUtil.BytesFor(capacity));

    /// <inheritdoc/>
    private protected override void AppendNullSlot()
    {
        // The bits start zeroed, so a null slot already reads false.
    }

    /// <inheritdoc/>
    private protected override void RemoveLastSlot() => BitUtil.Clear(_bits.Span, Length);

    /// <inheritdoc/>
    private protected override Column BuildColumn(AlignedBuffer? validity, int nullCount)
    {
        var column = new BooleanColumn(_bits, validity, Length, nullCount);
        _bits = AlignedBuffer.Allocate(BitUtil.BytesFor(Capacity));
        return column;
    }
}
