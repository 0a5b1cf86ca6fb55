using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>A horizontal slice of the file: one column chunk per leaf column.</summary>
internal sealed class RowGroup
{
    public ColumnChunk[] Columns { get; set; } = [];

    public long TotalByteSize { get; set; }

    public long NumRows { get; set; }

    public long? FileOffset { get; set; }

    public long? TotalCompressedSize { get; set; }

    public short? Ordinal { get; set; }

    public static RowGroup Read(ref ThriftCompactReader r)
    {
        var g = new RowGroup();
        var seen = 0;
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1:
                    g.Columns = r.ReadList(type, "RowGroup.columns", ThriftType.Struct, ReadColumnChunk);
                    seen |= 1;
                    break;
                case 2: g.TotalByteSize = r.ReadI64(type, "RowGroup.total_byte_size"); seen |= 2; break;
                case 3: g.NumRows = r.ReadI64(type, "RowGroup.num_rows"); seen |= 4; break;
                case 5: g.FileOffset = r.ReadI64(type, "RowGroup.file_offset"); break;
                case 6: g.TotalCompressedSize = r.ReadI64(type, "RowGroup.total_compressed_size"); break;
                case 7 when type == ThriftType.I16: g.Ordinal = r.ReadI16(); break;
                default: r.Skip(type); break;
            }
        }

        ThriftCompactReader.Require(seen == 7, "RowGroup columns, total_byte_size or num_rows");
        return g;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        w.WriteFieldHeader(ThriftType.List, 1, ref last);
        w.WriteListHeader(ThriftType.Struct, Columns.Length);
        foreach (var column in Columns)
        {
            column.Write(w);
        }

        w.WriteI64Field(2, TotalByteSize, ref last);
        w.WriteI64Field(3, NumRows, ref last);
        if (FileOffset is { } offset)
        {
            w.WriteI64Field(5, offset, ref last);
        }

        if (TotalCompressedSize is { } compressed)
        {
            w.WriteI64Field(6, compressed, ref last);
        }

        if (Ordinal is { } ordinal)
        {
            w.WriteFieldHeader(ThriftType.I16, 7, ref last);
            w.WriteI16(ordinal);
        }

        w.WriteStop();
    }

    private static ColumnChunk ReadColumnChunk(ref ThriftCompactReader r)
    {
        r.EnterStruct();
        var chunk = ColumnChunk.Read(ref r);
        r.ExitStruct();
        return chunk;
    }
}
