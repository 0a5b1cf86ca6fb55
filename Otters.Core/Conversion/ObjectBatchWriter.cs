using System.Linq.Expressions;
using System.Reflection;

namespace Otters.Conversion;

/// <summary>
/// Appends POCOs or records to a <see cref="RecordBatchBuilder"/> through compiled, typed property
/// readers: a double property goes straight into a float64 column with no boxing. Columns match
/// properties by name, ignoring case and underscores (<c>trade_price</c> matches <c>TradePrice</c>).
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed class ObjectBatchWriter<T>
{
    private readonly Action<T, ColumnBuilder>[] _appenders;

    public ObjectBatchWriter(Schema schema)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .ToList();
        _appenders = new Action<T, ColumnBuilder>[schema.Count];
        for (var i = 0; i < schema.Count; i++)
        {
            var field = schema[i];
            var property = properties.FirstOrDefault(p => p.Name == field.Name)
                ?? properties.FirstOrDefault(p => Normalize(p.Name) == Normalize(field.Name))
                ?? throw new SchemaException($"Type {typeof(T).Name} has no property for column '{field.Name}' (properties: {string.Join(", ", properties.Select(p => p.Name))}).");
            _appenders[i] = Compile(property, field);
        }
    }

    /// <summary>Appends one object as a row; a value that does not fit throws, naming the field.</summary>
    public void Append(RecordBatchBuilder builder, T item)
    {
        var i = 0;
        try
        {
            for (; i < _appenders.Length; i++)
            {
                _appenders[i](item, builder.Builder(i));
            }
        }
        catch (InvalidCastException ex)
        {
            builder.Rollback(i);
            throw new InvalidCastException($"field '{builder.Schema[i].Name}' {ex.Message}", ex);
        }
    }

    internal static string Normalize(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static Action<T, ColumnBuilder> Compile(PropertyInfo property, Field field)
    {
        var item = Expression.Parameter(typeof(T), "item");
        var builder = Expression.Parameter(typeof(ColumnBuilder), "builder");
        Expression value = Expression.Property(item, property);
        var propertyType = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(propertyType);
        var direct = DirectType(field.Type);
        Expression body;
        if (direct is not null && (propertyType == direct || underlying == direct))
        {
            var typedBuilderType = direct == typeof(bool) ? typeof(BooleanColumnBuilder) : typeof(PrimitiveColumnBuilder<>).MakeGenericType(direct);
            var typedBuilder = Expression.Convert(builder, typedBuilderType);
            var append = typedBuilderType.GetMethod("Append", [direct])!;
            if (underlying is null)
            {
                body = Expression.Call(typedBuilder, append, value);
            }
            else
            {
                var local = Expression.Variable(propertyType, "v");
                body = Expression.Block(
                    [local],
                    Expression.Assign(local, value),
                    Expression.IfThenElse(
                        Expression.Property(local, "HasValue"),
                        Expression.Call(typedBuilder, append, Expression.Property(local, "Value")),
                        Expression.Call(builder, typeof(ColumnBuilder).GetMethod(nameof(ColumnBuilder.AppendNull))!)));
            }
        }
        else if (field.Type.Kind == ColumnKind.String && propertyType == typeof(string))
        {
            body = Expression.Call(Expression.Convert(builder, typeof(StringColumnBuilder)), typeof(StringColumnBuilder).GetMethod("Append", [typeof(string)])!, value);
        }
        else
        {
            body = Expression.Call(builder, typeof(ColumnBuilder).GetMethod(nameof(ColumnBuilder.AppendValue))!, Expression.Convert(value, typeof(object)));
        }

        return Expression.Lambda<Action<T, ColumnBuilder>>(body, item, builder).Compile();
    }

    private static Type? DirectType(ColumnType type) => type.Kind switch
    {
        ColumnKind.Float64 => typeof(double),
        ColumnKind.Int64 => typeof(long),
        ColumnKind.Int32 => typeof(int),
        ColumnKind.Boolean => typeof(bool),
        _ => null,
    };
}
