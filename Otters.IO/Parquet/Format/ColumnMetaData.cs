using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>Where a column chunk's pages are and how they are encoded and compressed.</summary>
internal sealed class ColumnMetaData
{
    public PhysicalType Type { get; set; }

    public ParquetEncoding[] Encodings { get; set; } = [];

    public string[] PathInSchema { get; set; } = [];

    public CompressionCodec Codec { get; set; }

    public long NumValues { get; set; }

    public long TotalUncompressedSize { get; set; }

    public long TotalCompressedSize { get; set; }

    public long DataPageOffset { get; set; }

    public long? IndexPageOffset { get; set; }

    public long? DictionaryPageOffset { get; set; }

    public Statistics? Statistics { get; set; }

    public static ColumnMetaData Read(ref ThriftCompactReader r)
    {
        var m = new ColumnMetaData();
        var seen = 0;
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1: m.Type = (PhysicalType)r.ReadI32(type, "ColumnMetaData.type"); seen |= 1; break;
                case 2:
                    m.Encodings = Array.ConvertAll(r.ReadI32List(type, "ColumnMetaData.encodings"), static e => (ParquetEncoding)e);
                    seen |= 2;
                    break;
                case 3: m.PathInSchema = r.ReadStringList(type, "ColumnMetaData.path_in_schema"); seen |= 4; break;
                case 4: m.Codec = (CompressionCodec)r.ReadI32(type, "ColumnMetaData.codec"); seen |= 8; break;
                case 5: m.NumValues = r.ReadI64(type, "ColumnMetaData.num_values"); seen |= 16; break;
                case 6: m.TotalUncompressedSize = r.ReadI64(type, "ColumnMetaData.total_uncompressed_size"); seen |= 32; break;
                case 7: m.TotalCompressedSize = r.ReadI64(type, "ColumnMetaData.total_compressed_size"); seen |= 64; break;
                case 9: m.DataPageOffset = r.ReadI64(type, "ColumnMetaData.data_page_offset"); seen |= 128; break;
                case 10: m.IndexPageOffset = r.ReadI64(type, "ColumnMetaData.index_page_offset"); break;
                case 11: m.DictionaryPageOffset = r.ReadI64(type, "ColumnMetaData.dictionary_page_offset"); break;
                case 12: m.Statistics = r.ReadStruct(type, "ColumnMetaData.statistics", Statistics.Read); break;
                default: r.Skip(type); break;
            }
        }

        ThriftCompactReader.Require(seen == 255, "ColumnMetaData type, encodings, path_in_schema, codec, num_values, sizes or data_page_offset");
        return m;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        w.WriteI32Field(1, (int)Type, ref last);
        w.WriteFieldHeader(ThriftType.List, 2, ref last);
        w.WriteListHeader(ThriftType.I32, Encodings.Length);
        foreach (var encoding in Encodings)
        {
            w.WriteI32((int)encoding);
        }

        w.WriteFieldHeader(ThriftType.List, 3, ref last);
        w.WriteListHeader(ThriftType.Binary, PathInSchema.Length);
        foreach (var part in PathInSchema)
        {
            w.WriteString(part);
        }

        w.WriteI32Field(4, (int)Codec, ref last);
        w.WriteI64Field(5, NumValues, ref last);
        w.WriteI64Field(6, TotalUncompressedSize, ref last);
        w.WriteI64Field(7, TotalCompressedSize, ref last);
        w.WriteI64Field(9, DataPageOffset, ref last);
        if (IndexPageOffset is { } index)
        {
            w.WriteI64Field(10, index, ref last);
        }

        if (DictionaryPageOffset is { } dictionary)
        {
            w.WriteI64Field(11, dictionary, ref last);
        }

        if (Statistics is not null)
        {
            w.WriteFieldHeader(ThriftType.Struct, 12, ref last);
            Statistics.Write(w);
        }

        w.WriteStop();
    }
}
