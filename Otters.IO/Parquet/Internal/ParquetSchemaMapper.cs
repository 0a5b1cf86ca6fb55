using Otters.IO.Parquet.Format;

namespace Otters.IO.Parquet.Internal;

/// <summary>
/// Maps a Parquet schema to an Otters schema and back. Otters reads flat schemas only: every child of
/// the root must be a required or optional primitive.
/// </summary>
internal static class ParquetSchemaMapper
{
    /// <summary>Maps the footer's schema; throws <see cref="ParquetFormatException"/> for what Otters cannot read.</summary>
    public static LeafColumn[] ToLeaves(FileMetaData metadata)
    {
        var elements = metadata.Schema;
        if (elements.Length == 0)
        {
            ThrowHelper.Format("The footer's schema is empty; it must at least have a root element.");
        }

        var root = elements[0];
        var children = root.NumChildren ?? 0;
        if (children != elements.Length - 1)
        {
            ThrowHelper.Format($"The schema root '{root.Name}' has {children} children but the schema lists {elements.Length - 1} more elements; nested (group) columns are not supported, only flat schemas.");
        }

        var leaves = new LeafColumn[children];
        for (var i = 0; i < children; i++)
        {
            var e = elements[i + 1];
            if (e.NumChildren is > 0 || e.Type is null)
            {
                ThrowHelper.Format($"Column '{e.Name}' is a nested group, which Otters does not read (flat schemas only).");
            }

            if (e.Repetition == FieldRepetitionType.Repeated)
            {
                ThrowHelper.Format($"Column '{e.Name}' is repeated (a list), which Otters does not read (flat schemas only).");
            }

            var physical = e.Type!.Value;
            var (type, conversion) = MapType(e, physical);
            leaves[i] = new LeafColumn(e.Name, i, physical, e.TypeLength ?? 0,
                e.Repetition == FieldRepetitionType.Required ? 0 : 1, type, conversion);
        }

        return leaves;
    }

    /// <summary>Builds the Parquet schema elements Otters writes for <paramref name="schema"/>.</summary>
    public static SchemaElement[] ToElements(Schema schema)
    {
        var elements = new SchemaElement[schema.Count + 1];
        elements[0] = new SchemaElement { Name = "schema", NumChildren = schema.Count };
        for (var i = 0; i < schema.Count; i++)
        {
            var field = schema[i];
            var e = new SchemaElement { Name = field.Name, Repetition = FieldRepetitionType.Optional };
            switch (field.Type.Kind)
            {
                case ColumnKind.String:
                    e.Type = PhysicalType.ByteArray;
                    e.ConvertedType = ConvertedType.Utf8;
                    e.LogicalType = new LogicalType { Kind = LogicalTypeKind.String };
                    break;
                case ColumnKind.Float64:
                    e.Type = PhysicalType.Double;
                    break;
                case ColumnKind.Int64:
                    e.Type = PhysicalType.Int64;
                    break;
                case ColumnKind.Int32:
                    e.Type = PhysicalType.Int32;
                    break;
                case ColumnKind.Boolean:
                    e.Type = PhysicalType.Boolean;
                    break;
                default:
                    e.Type = PhysicalType.Int64;
                    SetTimestamp(e, field.Type.Unit);
                    break;
            }

            elements[i + 1] = e;
        }

        return elements;
    }

    private static void SetTimestamp(SchemaElement e, TimeUnit unit)
    {
        // Parquet has no seconds unit; seconds are stored as milliseconds and say so in the logical type,
        // which the Otters reader maps back to milliseconds (the value is exact).
        var parquetUnit = unit switch
        {
            TimeUnit.Nanosecond => ParquetTimeUnit.Nanos,
            TimeUnit.Microsecond => ParquetTimeUnit.Micros,
            _ => ParquetTimeUnit.Millis,
        };
        e.LogicalType = LogicalType.Timestamp(parquetUnit, isAdjustedToUtc: true);
        e.ConvertedType = parquetUnit switch
        {
            ParquetTimeUnit.Millis => ConvertedType.TimestampMillis,
            ParquetTimeUnit.Micros => ConvertedType.TimestampMicros,
            _ => null,
        };
    }

    private static (ColumnType Type, ValueConversion Conversion) MapType(SchemaElement e, PhysicalType physical)
    {
        var logical = e.LogicalType;
        if (logical?.Kind == LogicalTypeKind.Decimal || e.ConvertedType == ConvertedType.Decimal)
        {
            ThrowHelper.Format($"Column '{e.Name}' is a DECIMAL, which Otters does not read.");
        }

        switch (physical)
        {
            case PhysicalType.Boolean:
                return (ColumnType.Boolean, ValueConversion.None);
            case PhysicalType.Int32:
                return logical?.Kind == LogicalTypeKind.Date || e.ConvertedType == ConvertedType.Date
                    ? (ColumnType.Timestamp(TimeUnit.Millisecond), ValueConversion.DaysToMillis)
                    : (ColumnType.Int32, ValueConversion.None);
            case PhysicalType.Int64:
                if (logical?.Kind == LogicalTypeKind.Timestamp)
                {
                    var unit = logical.Unit switch
                    {
                        ParquetTimeUnit.Millis => TimeUnit.Millisecond,
                        ParquetTimeUnit.Micros => TimeUnit.Microsecond,
                        ParquetTimeUnit.Nanos => TimeUnit.Nanosecond,
                        _ => ThrowHelper.Format<TimeUnit>($"Column '{e.Name}' is a TIMESTAMP without a valid unit."),
                    };
                    return (ColumnType.Timestamp(unit), ValueConversion.None);
                }

                return e.ConvertedType switch
                {
                    ConvertedType.TimestampMillis => (ColumnType.Timestamp(TimeUnit.Millisecond), ValueConversion.None),
                    ConvertedType.TimestampMicros => (ColumnType.Timestamp(TimeUnit.Microsecond), ValueConversion.None),
                    _ => (ColumnType.Int64, ValueConversion.None),
                };
            case PhysicalType.Int96:
                return (ColumnType.Timestamp(TimeUnit.Nanosecond), ValueConversion.Int96ToNanos);
            case PhysicalType.Float:
                return (ColumnType.Float64, ValueConversion.FloatToDouble);
            case PhysicalType.Double:
                return (ColumnType.Float64, ValueConversion.None);
            case PhysicalType.ByteArray:
                // Unannotated BYTE_ARRAY is read as a string too: Otters has no binary type, and the
                // bytes are passed through unchanged.
                return (ColumnType.String, ValueConversion.None);
            default:
                return ThrowHelper.Format<(ColumnType, ValueConversion)>($"Column '{e.Name}' has physical type {physical}, which Otters does not read.");
        }
    }
}
