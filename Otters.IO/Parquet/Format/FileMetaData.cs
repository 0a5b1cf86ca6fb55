using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>The footer of a Parquet file: schema, row groups and key/value metadata.</summary>
internal sealed class FileMetaData
{
    public int Version { get; set; }

    public SchemaElement[] Schema { get; set; } = [];

    public long NumRows { get; set; }

    public RowGroup[] RowGroups { get; set; } = [];

    public KeyValue[]? KeyValueMetadata { get; set; }

    public string? CreatedBy { get; set; }

    /// <summary>Gets or sets a value indicating whether column_orders (TYPE_ORDER for every leaf) is written, so readers trust min_value/max_value.</summary>
    public bool WriteTypeDefinedColumnOrders { get; set; }

    /// <summary>Gets or sets a value indicating whether the footer names an encryption algorithm (which Otters does not read).</summary>
    public bool IsEncrypted { get; set; }

    public static FileMetaData Read(ref ThriftCompactReader r)
    {
        var f = new FileMetaData();
        var seen = 0;
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1: f.Version = r.ReadI32(type, "FileMetaData.version"); seen |= 1; break;
                case 2: f.Schema = r.ReadList(type, "FileMetaData.schema", ThriftType.Struct, ReadNested(SchemaElement.Read)); seen |= 2; break;
                case 3: f.NumRows = r.ReadI64(type, "FileMetaData.num_rows"); seen |= 4; break;
                case 4: f.RowGroups = r.ReadList(type, "FileMetaData.row_groups", ThriftType.Struct, ReadNested(RowGroup.Read)); seen |= 8; break;
                case 5: f.KeyValueMetadata = r.ReadList(type, "FileMetaData.key_value_metadata", ThriftType.Struct, ReadNested(KeyValue.Read)); break;
                case 6: f.CreatedBy = r.ReadString(type, "FileMetaData.created_by"); break;
                case 8: f.IsEncrypted = true; r.Skip(type); break;
                default: r.Skip(type); break;
            }
        }

        ThriftCompactReader.Require(seen == 15, "FileMetaData version, schema, num_rows or row_groups");
        return f;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        w.WriteI32Field(1, Version, ref last);
        w.WriteFieldHeader(ThriftType.List, 2, ref last);
        w.WriteListHeader(ThriftType.Struct, Schema.Length);
        foreach (var element in Schema)
        {
            element.Write(w);
        }

        w.WriteI64Field(3, NumRows, ref last);
        w.WriteFieldHeader(ThriftType.List, 4, ref last);
        w.WriteListHeader(ThriftType.Struct, RowGroups.Length);
        foreach (var group in RowGroups)
        {
            group.Write(w);
        }

        if (KeyValueMetadata is not null)
        {
            w.WriteFieldHeader(ThriftType.List, 5, ref last);
            w.WriteListHeader(ThriftType.Struct, KeyValueMetadata.Length);
            foreach (var kv in KeyValueMetadata)
            {
                kv.Write(w);
            }
        }

        if (CreatedBy is not null)
        {
            w.WriteStringField(6, CreatedBy, ref last);
        }

        if (WriteTypeDefinedColumnOrders)
        {
            var leaves = Schema.Skip(1).Count(static e => e.NumChildren is null or 0);
            w.WriteFieldHeader(ThriftType.List, 7, ref last);
            w.WriteListHeader(ThriftType.Struct, leaves);
            for (var i = 0; i < leaves; i++)
            {
                short unionLast = 0;
                w.WriteFieldHeader(ThriftType.Struct, 1, ref unionLast); // TYPE_ORDER
                w.WriteStop(); // the empty TypeDefinedOrder
                w.WriteStop(); // the ColumnOrder union
            }
        }

        w.WriteStop();
    }

    private static ThriftCompactReader.ElementReader<T> ReadNested<T>(ThriftCompactReader.ElementReader<T> read) =>
        (ref ThriftCompactReader r) =>
        {
            r.EnterStruct();
            var value = read(ref r);
            r.ExitStruct();
            return value;
        };
}
