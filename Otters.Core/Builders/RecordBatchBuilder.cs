namespace Otters;

/// <summary>Builds record batches row by row, one <see cref="ColumnBuilder"/> per column.</summary>
public sealed class RecordBatchBuilder
{
    private readonly ColumnBuilder[] _builders;
    private readonly string[] _names;

    /// <summary>Initializes a builder.</summary>
    /// <param name="schema">The schema of the batches.</param>
    /// <param name="capacity">The rows to make room for up front.</param>
    public RecordBatchBuilder(Schema schema, int capacity)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema.Freeze();
        _builders = schema.Select(f => ColumnBuilder.Create(f.Type, capacity)).ToArray();
        _names = schema.Names.ToArray();
    }

    /// <summary>Gets the schema.</summary>
    public Schema Schema { get; }

    /// <summary>Gets the number of rows appended since the last build.</summary>
    public int Length => _builders.Length == 0 ? 0 : _builders[0].Length;

    /// <summary>Gets the builder of a column.</summary>
    /// <param name="index">The column index.</param>
    /// <returns>The column builder.</returns>
    public ColumnBuilder Builder(int index) => _builders[index];

    /// <summary>
    /// Appends a row given as a dictionary: each column takes the value of its name (a missing name is a null).
    /// Keys the schema does not have are ignored. Values are converted as <see cref="ColumnBuilder.AppendValue"/> documents.
    /// </summary>
    /// <param name="row">The row.</param>
    /// <exception cref="InvalidCastException">A value does not fit its column; the row is not appended and the message names the field.</exception>
    public void Append(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row is Dictionary<string, object?> dictionary && _builders.Length <= 64)
        {
            AppendEntries(dictionary);
            return;
        }

        var i = 0;
        try
        {
            for (; i < _builders.Length; i++)
            {
                _builders[i].AppendValue(row.TryGetValue(Schema[i].Name, out var value) ? value : null);
            }
        }
        catch (InvalidCastException ex)
        {
            Rollback(i);
            throw new InvalidCastException($"field '{Schema[i].Name}' {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Appends a dictionary by walking its entries instead of looking each column up: keys written as
    /// literals in user code are the same interned strings as the schema's names, so a reference check
    /// finds the column without hashing.
    /// </summary>
    private void AppendEntries(Dictionary<string, object?> row)
    {
        var seen = 0UL;
        var column = -1;
        try
        {
            foreach (var (key, value) in row)
            {
                column = ColumnOf(key);
                if (column < 0 || (seen & (1UL << column)) != 0)
                {
                    continue;
                }

                _builders[column].AppendValue(value);
                seen |= 1UL << column;
            }
        }
        catch (InvalidCastException ex)
        {
            for (var j = 0; j < _builders.Length; j++)
            {
                if ((seen & (1UL << j)) != 0)
                {
                    _builders[j].RemoveLast();
                }
            }

            throw new InvalidCastException($"field '{Schema[column].Name}' {ex.Message}", ex);
        }

        for (var j = 0; j < _builders.Length; j++)
        {
            if ((seen & (1UL << j)) == 0)
            {
                _builders[j].AppendNull();
            }
        }
    }

    private int ColumnOf(string key)
    {
        var names = _names;
        for (var i = 0; i < names.Length; i++)
        {
            if (ReferenceEquals(names[i], key))
            {
                return i;
            }
        }

        return Schema.IndexOf(key);
    }

    /// <summary>Hands the rows to a new batch and empties the builder.</summary>
    /// <returns>The batch.</returns>
    public RecordBatch Build()
    {
        var columns = new Column[_builders.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = _builders[i].Build();
        }

        return RecordBatch.CreateUnchecked(Schema, columns);
    }

    /// <summary>Undoes a partly appended row: the columns before <paramref name="failedColumn"/> got a value.</summary>
    /// <param name="failedColumn">The column whose value did not fit.</param>
    internal void Rollback(int failedColumn)
    {
        for (var j = 0; j < failedColumn; j++)
        {
            _builders[j].RemoveLast();
        }
    }
}
