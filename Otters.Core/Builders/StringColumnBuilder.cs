using System.Runtime.CompilerServices;
using System.Text;
using Otters.Memory;

namespace Otters;

/// <summary>Builds a <see cref="StringColumn"/>: UTF-8 bytes and int32 offsets.</summary>
public sealed class StringColumnBuilder : ColumnBuilder
{
    private const int DefaultBytesPerValue = 16;

    private AlignedBuffer _offsets;
    private AlignedBuffer _data;
    private int _dataLength;

    /// <summary>Initializes a builder.</summary>
    /// <param name="capacity">The values to make room for up front.</param>
    public StringColumnBuilder(int capacity)
        : base(ColumnType.String, capacity)
    {
        _offsets = AlignedBuffer.Allocate((Capacity + 1) * sizeof(int));
        _data = AlignedBuffer.Allocate(Capacity * DefaultBytesPerValue, zero: false);
    }

    /// <summary>Appends a string, or a null.</summary>
    /// <param name="value">The value.</param>
    public void Append(string? value)
    {
        if (value is null)
        {
            AppendNull();
            return;
        }

        Append(value.AsSpan());
    }

    /// <summary>Appends text, encoding it as UTF-8.</summary>
    /// <param name="value">The text.</param>
    public void Append(ReadOnlySpan<char> value)
    {
        EnsureData(Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, _data.Span[_dataLength..]);
        Commit(written);
    }

    /// <summary>Appends a value given as UTF-8 bytes.</summary>
    /// <param name="utf8">The bytes; they are copied.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ReadOnlySpan<byte> utf8)
    {
        EnsureData(utf8.Length);
        utf8.CopyTo(_data.Span[_dataLength..]);
        Commit(utf8.Length);
    }

    /// <inheritdoc/>
    public override void AppendValue(object? value)
    {
        switch (value)
        {
            case null:
                AppendNull();
                break;
            case string s:
                Append(s.AsSpan());
                break;
            case char c:
                Append([c]);
                break;
            default:
                ThrowDoesNotFit(value);
                break;
        }
    }

    /// <inheritdoc/>
    private protected override void GrowValues(int capacity) =>
        _offsets = _offsets.Grow((Length + 1) * sizeof(int), (capacity + 1) * sizeof(int));

    /// <inheritdoc/>
    private protected override void AppendNullSlot() => _offsets.AsSpan<int>()[Length + 1] = _dataLength;

    /// <inheritdoc/>
    private protected override void RemoveLastSlot() => _dataLength = _offsets.AsSpan<int>()[Length];

    /// <inheritdoc/>
    private protected override Column BuildColumn(AlignedBuffer? validity, int nullCount)
    {
        var column = new StringColumn(_offsets, _data, validity, Length, nullCount);
        _offsets = AlignedBuffer.Allocate((Capacity + 1) * sizeof(int));
        _data = AlignedBuffer.Allocate(Math.Max(_dataLength, Capacity * DefaultBytesPerValue), zero: false);
        _dataLength = 0;
        return column;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureData(int extra)
    {
        EnsureCapacity(Length + 1);
        var needed = checked(_dataLength + extra);
        if (needed > _data.Length)
        {
            _data = _data.Grow(_dataLength, Math.Max(needed, checked(_data.Length * 2)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Commit(int byteCount)
    {
        MarkValid();
        _dataLength += byteCount;
        _offsets.AsSpan<int>()[Length + 1] = _dataLength;
        Length++;
    }
}
