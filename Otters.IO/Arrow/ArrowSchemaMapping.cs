namespace Otters.IO.Arrow;

/// <summary>Maps between Arrow fields and Otters schemas.</summary>
internal static class ArrowSchemaMapping
{
    /// <summary>Gets the Otters schema of an Arrow file's fields, or throws a <see cref="DataFormatException"/> naming the first field Otters cannot read.</summary>
    public static Schema ToOtters(IReadOnlyList<ArrowField> fields, string path)
    {
        var result = new List<Field>(fields.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Name.Length == 0)
            {
                throw new DataFormatException(path, $"column {i} of the Arrow schema has no name, which Otters needs.");
            }

            if (!names.Add(field.Name))
            {
                throw new DataFormatException(path, $"the Arrow schema has two columns named '{field.Name}'.");
            }

            result.Add(new Field(field.Name, ToColumnType(field, path)));
        }

        return new Schema(result);
    }

    /// <summary>Gets the Arrow fields Otters writes for <paramref name="schema"/>: timestamps carry the timezone "UTC".</summary>
    public static ArrowField[] ToArrow(Schema schema)
    {
        var fields = new ArrowField[schema.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var type = schema[i].Type;
            var arrowType = type.Kind switch
            {
                ColumnKind.String => ArrowType.Utf8,
                ColumnKind.Float64 => ArrowType.Float64,
                ColumnKind.Int64 => ArrowType.SignedInt(64),
                ColumnKind.Int32 => ArrowType.SignedInt(32),
                ColumnKind.Boolean => ArrowType.Bool,
                ColumnKind.Timestamp => ArrowType.Timestamp((ArrowTimeUnit)type.Unit, "UTC"),
                _ => throw new SchemaException($"Column '{schema[i].Name}' has type {type}, which the Arrow writer does not support."),
            };
            fields[i] = new ArrowField(schema[i].Name, arrowType, Nullable: true);
        }

        return fields;
    }

    /// <summary>Throws a <see cref="SchemaException"/> naming both schemas when a declared schema differs from a file's.</summary>
    public static void CheckDeclared(Schema? declared, Schema fileSchema, string path)
    {
        // An empty declared schema means none was declared (new Pipeline() passes its empty schema).
        if (declared is not null && declared.Count > 0 && !declared.Equals(fileSchema))
        {
            throw new SchemaException(
                $"The declared schema ({declared}) differs from the schema of Arrow file '{path}' ({fileSchema}).");
        }
    }

    private static ColumnType ToColumnType(ArrowField field, string path)
    {
        if (field.IsDictionaryEncoded || field.ChildCount > 0)
        {
            throw Unsupported(field, path, field.IsDictionaryEncoded ? "dictionary-encoded " + field.Type : field.Type.ToString());
        }

        var type = field.Type;
        return type.Id switch
        {
            ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8 => ColumnType.String,
            ArrowTypeId.Bool => ColumnType.Boolean,
            ArrowTypeId.FloatingPoint when type.BitWidth is 64 or 32 => ColumnType.Float64,
            ArrowTypeId.Int when type.IsSigned && type.BitWidth == 64 => ColumnType.Int64,
            ArrowTypeId.Int when type.IsSigned && type.BitWidth is 32 or 16 or 8 => ColumnType.Int32,
            ArrowTypeId.Int when !type.IsSigned && type.BitWidth is 16 or 8 => ColumnType.Int32,
            ArrowTypeId.Int when !type.IsSigned && type.BitWidth == 32 => ColumnType.Int64,
            ArrowTypeId.Timestamp => ColumnType.Timestamp((TimeUnit)type.Unit),
            _ => throw Unsupported(field, path, type.ToString()),
        };
    }

    private static DataFormatException Unsupported(ArrowField field, string path, string type) =>
        new(path, $"column '{field.Name}' has Arrow type {type}, which Otters does not read (it reads utf8, large_utf8, float64, float32, int8 to int64, uint8 to uint32, bool and timestamp).");
}
