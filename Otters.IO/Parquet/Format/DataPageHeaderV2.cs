using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>The header of a version 2 data page, whose levels are stored uncompressed before the values.</summary>
internal sealed class DataPageHeaderV2
{
    public int NumValues { get; set; }

    public int NumNulls { get; set; }

    public int NumRows { get; set; }

    public ParquetEncoding Encoding { get; set; }

    public int DefinitionLevelsByteLength { get; set; }

    public int RepetitionLevelsByteLength { get; set; }

    public bool IsCompressed { get; set; } = true;

    public Statistics? Statistics { get; set; }

    public static DataPageHeaderV2 Read(ref ThriftCompactReader r)
    {
        var h = new DataPageHeaderV2();
        var seen = 0;
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1: h.NumValues = r.ReadI32(type, "DataPageHeaderV2.num_values"); seen |= 1; break;
                case 2: h.NumNulls = r.ReadI32(type, "DataPageHeaderV2.num_nulls"); seen |= 2; break;
                case 3: h.NumRows = r.ReadI32(type, "DataPageHeaderV2.num_rows"); seen |= 4; break;
                case 4: h.Encoding = (ParquetEncoding)r.ReadI32(type, "DataPageHeaderV2.encoding"); seen |= 8; break;
                case 5: h.DefinitionLevelsByteLength = r.ReadI32(type, "DataPageHeaderV2.definition_levels_byte_length"); seen |= 16; break;
                case 6: h.RepetitionLevelsByteLength = r.ReadI32(type, "DataPageHeaderV2.repetition_levels_byte_length"); seen |= 32; break;
                case 7: h.IsCompressed = r.ReadBool(type, "DataPageHeaderV2.is_compressed"); break;
                case 8: h.Statistics = r.ReadStruct(type, "DataPageHeaderV2.statistics", Statistics.Read); break;
                default: r.Skip(type); break;
            }
        }

        ThriftCompactReader.Require(seen == 63, "DataPageHeaderV2 num_values, num_nulls, num_rows, encoding or level lengths");
        return h;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        w.WriteI32Field(1, NumValues, ref last);
        w.WriteI32Field(2, NumNulls, ref last);
        w.WriteI32Field(3, NumRows, ref last);
        w.WriteI32Field(4, (int)Encoding, ref last);
        w.WriteI32Field(5, DefinitionLevelsByteLength, ref last);
        w.WriteI32Field(6, RepetitionLevelsByteLength, ref last);
        w.WriteBoolField(7, IsCompressed, ref last);
        if (Statistics is not null)
        {
            w.WriteFieldHeader(ThriftType.Struct, 8, ref last);
            Statistics.Write(w);
        }

        w.WriteStop();
    }
}
