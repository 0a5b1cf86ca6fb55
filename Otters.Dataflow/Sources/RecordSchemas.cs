using System.Reflection;
using Otters.Stages;

namespace Otters.Sources;

/// <summary>Infers a schema from a POCO or record type, for a pipeline created without one.</summary>
internal static class RecordSchemas
{
    /// <summary>
    /// Returns the schema of <typeparamref name="T"/>'s readable public properties (double/float/decimal -> float64,
    /// long -> int64, int/short/byte -> int32, bool, string, DateTime/DateTimeOffset -> timestamp[us], nullable
    /// variants alike), named in snake_case; null for dictionaries or a type with an unsupported property.
    /// </summary>
    public static Schema? TryInfer<T>()
    {
        if (typeof(IEnumerable<KeyValuePair<string, object?>>).IsAssignableFrom(typeof(T)) || typeof(T) == typeof(object))
        {
            return null;
        }

        var fields = new List<Field>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            ColumnType? column = type switch
            {
                _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => ColumnType.Float64,
                _ when type == typeof(long) || type == typeof(uint) => ColumnType.Int64,
                _ when type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(ushort) => ColumnType.Int32,
                _ when type == typeof(bool) => ColumnType.Boolean,
                _ when type == typeof(string) || type == typeof(char) => ColumnType.String,
                _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) => ColumnType.Timestamp(TimeUnit.Microsecond),
                _ => null,
            };
            if (column is null)
            {
                return null;
            }

            fields.Add(new Field(StageNames.ToSnakeCase(property.Name), column));
        }

        return fields.Count == 0 ? null : new Schema(fields);
    }
}
