using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>The header of a version 1 data page.</summary>
internal sealed class DataPageHeader
{
    public int NumValues { get; set; }

    public ParquetEncoding Encoding { get; set; }

    public ParquetEncoding DefinitionLevelEncoding { get; set; }

    public ParquetEncoding RepetitionLevelEncoding { get; set; }

    public Statistics? Statistics { get; set; }

    public static DataPageHeader Read(ref ThriftCompactReader r)
    {
        var h = new DataPageHeader();
        var seen = 0;
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1: h.NumValues = r.ReadI32(type, "DataPageHeader.num_values"); seen |= 1; break;
                case 2: h.Encoding = (ParquetEncoding)r.ReadI32(type, "DataPageHeader.encoding"); seen |= 2; break;
                case 3: h.DefinitionLevelEncoding = (ParquetEncoding)r.ReadI32(type, "DataPageHeader.definition_level_encoding"); break;
                case 4: h.RepetitionLevelEncoding = (ParquetEncoding)r.ReadI32(type, "DataPageHeader.repetition_level_encoding"); break;
                case 5: h.Statistics = r.ReadStruct(type, "DataPageHeader.statistics", Statistics.Read); break;
                default: r.Skip(type); break;
            }
        }

        ThriftCompactReader.Require((seen & 1) != 0, "DataPageHeader.num_values");
        ThriftCompactReader.Require((seen & 2) != 0, "DataPageHeader.encoding");
        return h;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        w.WriteI32Field(1, NumValues, ref last);
        w.WriteI32Field(2, (int)Encoding, ref last);
        w.WriteI32Field(3, (int)DefinitionLevelEncoding, ref last);
        w.WriteI32Field(4, (int)RepetitionLevelEncoding, ref last);
        if (Statistics is not null)
        {
            w.WriteFieldHeader(ThriftType.Struct, 5, ref last);
            Statistics.Write(w);
        }

        w.WriteStop();
    }
}
