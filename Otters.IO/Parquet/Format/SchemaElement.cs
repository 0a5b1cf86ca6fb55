using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>One node of the flattened (depth-first) Parquet schema tree.</summary>
internal sealed class SchemaElement
{
    public PhysicalType? Type { get; set; }

    public int? TypeLength { get; set; }

    public FieldRepetitionType? Repetition { get; set; }

    public string Name { get; set; } = "";

    public int? NumChildren { get; set; }

    public ConvertedType? ConvertedType { get; set; }

    public int? Scale { get; set; }

    public int? Precision { get; set; }

    public int? FieldId { get; set; }

    public LogicalType? LogicalType { get; set; }

    public static SchemaElement Read(ref ThriftCompactReader r)
    {
        var e = new SchemaElement();
        var hasName = false;
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1: e.Type = (PhysicalType)r.ReadI32(type, "SchemaElement.type"); break;
                case 2: e.TypeLength = r.ReadI32(type, "SchemaElement.type_length"); break;
                case 3: e.Repetition = (FieldRepetitionType)r.ReadI32(type, "SchemaElement.repetition_type"); break;
                case 4: e.Name = r.ReadString(type, "SchemaElement.name"); hasName = true; break;
                case 5: e.NumChildren = r.ReadI32(type, "SchemaElement.num_children"); break;
                case 6: e.ConvertedType = (ConvertedType)r.ReadI32(type, "SchemaElement.converted_type"); break;
                case 7: e.Scale = r.ReadI32(type, "SchemaElement.scale"); break;
                case 8: e.Precision = r.ReadI32(type, "SchemaElement.precision"); break;
                case 9: e.FieldId = r.ReadI32(type, "SchemaElement.field_id"); break;
                case 10: e.LogicalType = r.ReadStruct(type, "SchemaElement.logicalType", LogicalType.Read); break;
                default: r.Skip(type); break;
            }
        }

        ThriftCompactReader.Require(hasName, "SchemaElement.name");
        return e;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        if (Type is { } physical)
        {
            w.WriteI32Field(1, (int)physical, ref last);
        }

        if (TypeLength is { } length)
        {
            w.WriteI32Field(2, length, ref last);
        }

        if (Repetition is { } repetition)
        {
            w.WriteI32Field(3, (int)repetition, ref last);
        }

        w.WriteStringField(4, Name, ref last);
        if (NumChildren is { } children)
        {
            w.WriteI32Field(5, children, ref last);
        }

        if (ConvertedType is { } converted)
        {
            w.WriteI32Field(6, (int)converted, ref last);
        }

        if (LogicalType is not null)
        {
            w.WriteFieldHeader(ThriftType.Struct, 10, ref last);
            LogicalType.Write(w);
        }

        w.WriteStop();
    }
}
