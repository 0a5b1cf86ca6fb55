using Otters.Memory;

namespace Otters.IO.Parquet.Internal;

/// <summary>
/// The buffers one column of one batch is decoded into: values (or bits, or offsets and UTF-8 data)
/// and a validity bitmap. They become the column's own buffers, so nothing is copied after decoding.
/// </summary>
internal sealed class ColumnOutput
{
    public ColumnOutput(ColumnType type, int rows, int dataBytesHint)
    {
        Type = type;
        Rows = rows;
        Validity = AlignedBuffer.Allocate(BitUtil.BytesFor(rows));
        switch (type.Kind)
        {
            case ColumnKind.String:
                Offsets = AlignedBuffer.Allocate((rows + 1) * sizeof(int));
                Values = AlignedBuffer.Allocate(Math.Max(dataBytesHint, 64), zero: false);
                break;
            case ColumnKind.Boolean:
                Values = AlignedBuffer.Allocate(BitUtil.BytesFor(rows));
                break;
            default:
                Values = AlignedBuffer.Allocate(rows * ElementWidth(type), zero: false);
                break;
        }
    }

    public ColumnType Type { get; }

    public int Rows { get; }

    /// <summary>Gets the values, the value bits, or the string data.</summary>
    public AlignedBuffer Values { get; private set; }

    public AlignedBuffer? Offsets { get; }

    public AlignedBuffer Validity { get; }

    public int NullCount { get; set; }

    /// <summary>Gets or sets the string bytes written so far.</summary>
    public int DataLength { get; set; }

    public static int ElementWidth(ColumnType type) => type.Kind == ColumnKind.Int32 ? 4 : 8;

    /// <summary>Makes room for <paramref name="extra"/> more string bytes, doubling the data buffer.</summary>
    public Span<byte> EnsureData(int extra)
    {
        var needed = (long)DataLength + extra;
        if (needed > Values.Length)
        {
            if (needed > Array.MaxLength - 128)
            {
                ThrowHelper.Format($"A batch of column strings would exceed {Array.MaxLength} bytes.");
            }

            var grown = (int)Math.Min(Math.Max(needed, (long)Values.Length * 2), Array.MaxLength - 128);
            Values = Values.Grow(DataLength, grown);
        }

        return Values.Span[DataLength..];
    }

    public Column Build()
    {
        var validity = NullCount == 0 ? null : Validity;
        return Type.Kind switch
        {
            ColumnKind.String => new StringColumn(Offsets!, Values, validity, Rows, NullCount),
            ColumnKind.Boolean => new BooleanColumn(Values, validity, Rows, NullCount),
            ColumnKind.Int32 => new PrimitiveColumn<int>(Type, Values, validity, Rows, NullCount),
            ColumnKind.Float64 => new PrimitiveColumn<double>(Type, Values, validity, Rows, NullCount),
            _ => new PrimitiveColumn<long>(Type, Values, validity, Rows, NullCount),
        };
    }
}
