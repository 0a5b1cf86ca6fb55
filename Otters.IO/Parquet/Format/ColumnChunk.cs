using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>One column's slice of a row group.</summary>
internal sealed class ColumnChunk
{
    public string? FilePath { get; set; }

    public long FileOffset { get; set; }

    public ColumnMetaData? MetaData { get; set; }

    /// <summary>Gets or sets a value indicating whether the chunk's metadata is encrypted (which Otters does not read).</summary>
    public bool IsEncrypted { get; set; }

    public static ColumnChunk Read(ref ThriftCompactReader r)
    {
        var c = new ColumnChunk();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1: c.FilePath = r.ReadString(type, "ColumnChunk.file_path"); break;
                case 2: c.FileOffset = r.ReadI64(type, "ColumnChunk.file_offset"); break;
                case 3: c.MetaData = r.ReadStruct(type, "ColumnChunk.meta_data", ColumnMetaData.Read); break;
                case 8 or 9: c.IsEncrypted = true; r.Skip(type); break;
                default: r.Skip(type); break;
            }
        }

        return c;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        if (FilePath is not null)
        {
            w.WriteStringField(1, FilePath, ref last);
        }

        w.WriteI64Field(2, FileOffset, ref last);
        if (MetaData is not null)
        {
            w.WriteFieldHeader(ThriftType.Struct, 3, ref last);
            MetaData.Write(w);
        }

        w.WriteStop();
    }
}
