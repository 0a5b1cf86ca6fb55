using System.Reflection;

namespace Otters;

/// <summary>Turns record batches back into dictionaries or objects (for tests, callbacks and interop; not a hot path).</summary>
public static class BatchConversions
{
    /// <summary>Returns each row as a dictionary of column name to value (timestamps as long counts in the column's unit).</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>The rows.</returns>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> ToDictionaries(this RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var i = 0; i < batch.Length; i++)
        {
            var row = new Dictionary<string, object?>(batch.Schema.Count, StringComparer.Ordinal);
            for (var c = 0; c < batch.Schema.Count; c++)
            {
                row[batch.Schema[c].Name] = batch.Column(c).GetValue(i);
            }

            yield return row;
        }
    }

    /// <summary>
    /// Returns each row as a <typeparamref name="T"/>: built through the constructor whose parameters
    /// match columns by name (records), else the parameterless one, then settable properties are set.
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="batch">The batch.</param>
    /// <returns>The objects.</returns>
    public static IEnumerable<T> ToObjects<T>(this RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var columnOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < batch.Schema.Count; c++)
        {
            columnOf[Conversion.ObjectBatchWriter<T>.Normalize(batch.Schema[c].Name)] = c;
        }

        var constructor = typeof(T).GetConstructors()
            .OrderByDescending(k => k.GetParameters().Length)
            .First(k => k.GetParameters().All(p => columnOf.ContainsKey(Conversion.ObjectBatchWriter<T>.Normalize(p.Name!))));
        var parameters = constructor.GetParameters();
        var setters = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && columnOf.ContainsKey(Conversion.ObjectBatchWriter<T>.Normalize(p.Name))
                && !parameters.Any(a => Conversion.ObjectBatchWriter<T>.Normalize(a.Name!) == Conversion.ObjectBatchWriter<T>.Normalize(p.Name)))
            .ToList();
        for (var i = 0; i < batch.Length; i++)
        {
            var args = new object?[parameters.Length];
            for (var a = 0; a < parameters.Length; a++)
            {
                var c = columnOf[Conversion.ObjectBatchWriter<T>.Normalize(parameters[a].Name!)];
                args[a] = ConvertTo(batch, c, i, parameters[a].ParameterType);
            }

            var item = (T)constructor.Invoke(args);
            foreach (var setter in setters)
            {
                var c = columnOf[Conversion.ObjectBatchWriter<T>.Normalize(setter.Name)];
                setter.SetValue(item, ConvertTo(batch, c, i, setter.PropertyType));
            }

            yield return item;
        }
    }

    private static object? ConvertTo(RecordBatch batch, int column, int row, Type type)
    {
        var value = batch.Column(column).GetValue(row);
        var method = typeof(Rows.RowValueConverter).GetMethod(nameof(Rows.RowValueConverter.Convert))!.MakeGenericMethod(type);
        return method.Invoke(null, [value, batch.Schema[column].Type, batch.Schema[column].Name]);
    }
}
