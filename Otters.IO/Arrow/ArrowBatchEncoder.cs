using System.Runtime.InteropServices;

namespace Otters.IO.Arrow;

/// <summary>
/// Writes an Otters <see cref="RecordBatch"/> as an Arrow record batch message. Otters columns
/// already have Arrow's layout, so the body is the column buffers written as they are.
/// </summary>
internal static class ArrowBatchEncoder
{
    /// <summary>Writes <paramref name="batch"/> and returns the block that locates it for a file footer.</summary>
    public static ArrowBlock Write(ArrowIpcWriter writer, RecordBatch batch)
    {
        var columns = batch.Columns;
        var nodes = new ArrowFieldNode[columns.Count];
        var regions = new List<ArrowBufferRegion>(columns.Count * 3);
        long bodyLength = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            nodes[i] = new ArrowFieldNode(column.Length, column.NullCount);
            for (var b = 0; b < BufferCount(column); b++)
            {
                var length = Buffer(column, b).Length;
                regions.Add(new ArrowBufferRegion(bodyLength, length));
                bodyLength += ArrowIpcFormat.Pad8(length);
            }
        }

        var block = writer.BeginRecordBatch(batch.Length, nodes, CollectionsMarshal.AsSpan(regions), bodyLength);
        foreach (var column in columns)
        {
            for (var b = 0; b < BufferCount(column); b++)
            {
                writer.WriteBodyBuffer(Buffer(column, b));
            }
        }

        return block;
    }

    private static int BufferCount(Column column) => column is StringColumn ? 3 : 2;

    // Buffer 0 is the validity bitmap (empty when there are no nulls, as Arrow allows), then the
    // values: the bits of a boolean column, or a string column's offsets and UTF-8 data.
    private static ReadOnlySpan<byte> Buffer(Column column, int index)
    {
        if (index == 0)
        {
            return column.NullCount == 0 ? default : column.Validity;
        }

        return column switch
        {
            PrimitiveColumn<double> doubles => MemoryMarshal.AsBytes(doubles.Values),
            PrimitiveColumn<long> longs => MemoryMarshal.AsBytes(longs.Values),
            PrimitiveColumn<int> ints => MemoryMarshal.AsBytes(ints.Values),
            BooleanColumn booleans => booleans.Bits,
            StringColumn strings when index == 1 => MemoryMarshal.AsBytes(strings.Offsets),
            StringColumn strings => strings.Data,
            _ => throw new NotSupportedException($"The Arrow writer cannot write a column of type {column.Type}."),
        };
    }
}
