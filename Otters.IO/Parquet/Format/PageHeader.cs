using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>The Thrift header in front of every page of a column chunk.</summary>
internal sealed class PageHeader
{
    public PageType Type { get; set; }

    public int UncompressedPageSize { get; set; }

    public int CompressedPageSize { get; set; }

    public int? Crc { get; set; }

    public DataPageHeader? DataPageHeader { get; set; }

    public DictionaryPageHeader? DictionaryPageHeader { get; set; }

    public DataPageHeaderV2? DataPageHeaderV2 { get; set; }

    public static PageHeader Read(ref ThriftCompactReader r)
    {
        var h = new PageHeader();
        var seen = 0;
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1: h.Type = (PageType)r.ReadI32(type, "PageHeader.type"); seen |= 1; break;
                case 2: h.UncompressedPageSize = r.ReadI32(type, "PageHeader.uncompressed_page_size"); seen |= 2; break;
                case 3: h.CompressedPageSize = r.ReadI32(type, "PageHeader.compressed_page_size"); seen |= 4; break;
                case 4: h.Crc = r.ReadI32(type, "PageHeader.crc"); break;
                case 5: h.DataPageHeader = r.ReadStruct(type, "PageHeader.data_page_header", DataPageHeader.Read); break;
                case 7: h.DictionaryPageHeader = r.ReadStruct(type, "PageHeader.dictionary_page_header", DictionaryPageHeader.Read); break;
                case 8: h.DataPageHeaderV2 = r.ReadStruct(type, "PageHeader.data_page_header_v2", DataPageHeaderV2.Read); break;
                default: r.Skip(type); break;
            }
        }

        ThriftCompactReader.Require(seen == 7, "PageHeader type, uncompressed_page_size or compressed_page_size");
        return h;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        w.WriteI32Field(1, (int)Type, ref last);
        w.WriteI32Field(2, UncompressedPageSize, ref last);
        w.WriteI32Field(3, CompressedPageSize, ref last);
        if (Crc is { } crc)
        {
            w.WriteI32Field(4, crc, ref last);
        }

        if (DataPageHeader is not null)
        {
            w.WriteFieldHeader(ThriftType.Struct, 5, ref last);
            DataPageHeader.Write(w);
        }

        if (DictionaryPageHeader is not null)
        {
            w.WriteFieldHeader(ThriftType.Struct, 7, ref last);
            DictionaryPageHeader.Write(w);
        }

        if (DataPageHeaderV2 is not null)
        {
            w.WriteFieldHeader(ThriftType.Struct, 8, ref last);
            DataPageHeaderV2.Write(w);
        }

        w.WriteStop();
    }
}
