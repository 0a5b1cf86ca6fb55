using System.Globalization;
using Otters.Conversion;

namespace Otters.Rows;

/// <summary>Converts a row's field value to the type a user asks for in <see cref="Row.Get{T}"/>.</summary>
internal static class RowValueConverter
{
    public static T Convert<T>(object? value, ColumnType? type, string name)
    {
        if (value is null)
        {
            if (default(T) is null)
            {
                return default!;
            }

            throw new InvalidOperationException($"Field '{name}' is null; read it as {typeof(T).Name}? to allow nulls.");
        }

        if (value is T same)
        {
            return same;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            if (value is long count && (target == typeof(DateTimeOffset) || target == typeof(DateTime)))
            {
                var unit = type?.Kind == ColumnKind.Timestamp ? type.Unit : TimeUnit.Microsecond;
                var dto = ValueCoercion.ToDateTimeOffset(count, unit);
                return (T)(target == typeof(DateTime) ? dto.UtcDateTime : (object)dto);
            }

            if (value is DateTimeOffset offset && target == typeof(DateTime))
            {
                return (T)(object)offset.UtcDateTime;
            }

            if (value is DateTime dateTime && target == typeof(DateTimeOffset))
            {
                return (T)(object)new DateTimeOffset(dateTime.Kind == DateTimeKind.Local ? dateTime.ToUniversalTime() : DateTime.SpecifyKind(dateTime, DateTimeKind.Utc));
            }

            if (target == typeof(string))
            {
                return (T)(object)(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString()!);
            }

            return (T)System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
        {
            throw new InvalidCastException($"Field '{name}' holds {ValueCoercion.Describe(value)}, which cannot be read as {typeof(T).Name}.", ex);
        }
    }
}
