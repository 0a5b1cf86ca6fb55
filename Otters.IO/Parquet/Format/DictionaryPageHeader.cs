using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>The header of a dictionary page (PLAIN-encoded distinct values).</summary>
internal sealed class DictionaryPageHeader
{
    public int NumValues { get; set; }

    public ParquetEncoding Encoding { get; set; }

    public bool? IsSorted { get; set; }

    public static DictionaryPageHeader Read(ref ThriftCompactReader r)
    {
        var h = new DictionaryPageHeader();
        var seen = false;
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1: h.NumValues = r.ReadI32(type, "DictionaryPageHeader.num_values"); seen = true; break;
                case 2: h.Encoding = (ParquetEncoding)r.ReadI32(type, "DictionaryPageHeader.encoding"); break;
                case 3: h.IsSorted = r.ReadBool(type, "DictionaryPageHeader.is_sorted"); break;
                default: r.Skip(type); break;
            }
        }

        ThriftCompactReader.Require(seen, "DictionaryPageHeader.num_values");
        return h;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        w.WriteI32Field(1, NumValues, ref last);
        w.WriteI32Field(2, (int)Encoding, ref last);
        if (IsSorted is { } sorted)
        {
            w.WriteBoolField(3, sorted, ref last);
        }

        w.WriteStop();
    }
}
