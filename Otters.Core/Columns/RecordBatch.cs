namespace Otters;

/// <summary>
/// An immutable slice of a stream: equal-length columns under a schema. Adding a column makes a new
/// batch that shares the other columns' buffers.
/// </summary>
public sealed class RecordBatch
{
    private readonly Column[] _columns;

    /// <summary>Initializes a batch, checking each column's type and length against the schema.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="columns">One column per field, in schema order.</param>
    public RecordBatch(Schema schema, IReadOnlyList<Column> columns)
        : this(schema, columns.ToArray(), validate: true)
    {
    }

    private RecordBatch(Schema schema, Column[] columns, bool validate)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (validate)
        {
            Validate(schema, columns);
        }

        Schema = schema.Freeze();
        _columns = columns;
        Length = columns.Length == 0 ? 0 : columns[0].Length;
    }

    /// <summary>Gets the schema.</summary>
    public Schema Schema { get; }

    /// <summary>Gets the number of rows.</summary>
    public int Length { get; }

    /// <summary>Gets the columns, in schema order.</summary>
    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>Creates a batch of no rows.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>The empty batch.</returns>
    public static RecordBatch Empty(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new RecordBatch(schema, schema.Select(f => ColumnBuilder.Create(f.Type, 0).Build()).ToArray(), validate: false);
    }

    /// <summary>Gets the column at an index.</summary>
    /// <param name="index">The column index.</param>
    /// <returns>The column.</returns>
    public Column Column(int index) => _columns[index];

    /// <summary>Gets the column of a name.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The column.</returns>
    public Column Column(string name)
    {
        var index = Schema.IndexOf(name);
        return index >= 0 ? _columns[index] : throw new KeyNotFoundException($"The batch has no column '{name}' (columns: {Schema}).");
    }

    /// <summary>Returns a batch with one more column, or with a column of the same name replaced; other buffers are shared.</summary>
    /// <param name="field">The column's field.</param>
    /// <param name="column">The column, of <see cref="Length"/> rows.</param>
    /// <returns>The new batch.</returns>
    public RecordBatch WithColumn(Field field, Column column)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(column);
        if (column.Length != Length || column.Type != field.Type)
        {
            throw new ArgumentException($"Column '{field.Name}' must be {field.Type} of {Length} rows, but is {column}.", nameof(column));
        }

        var existing = Schema.IndexOf(field.Name);
        if (existing >= 0)
        {
            var columns = (Column[])_columns.Clone();
            columns[existing] = column;
            var schema = Schema[existing] == field ? Schema : new Schema(Schema.Select((f, i) => i == existing ? field : f));
            return new RecordBatch(schema, columns, validate: false);
        }

        return new RecordBatch(Schema.Append(field), [.. _columns, column], validate: false);
    }

    /// <summary>Returns a batch of the same columns under a schema of the same types (e.g. with an appended field shared by many batches).</summary>
    /// <param name="schema">A schema whose fields match the columns.</param>
    /// <param name="columns">The columns.</param>
    /// <returns>The batch.</returns>
    internal static RecordBatch CreateUnchecked(Schema schema, Column[] columns) => new(schema, columns, validate: false);

    /// <summary>Returns the rows [start, start + length) as a new batch.</summary>
    /// <param name="start">The first row.</param>
    /// <param name="length">The number of rows.</param>
    /// <returns>The new batch.</returns>
    public RecordBatch Slice(int start, int length) =>
        start == 0 && length == Length ? this : new(Schema, _columns.Select(c => c.Slice(start, length)).ToArray(), validate: false);

    /// <summary>Returns the rows at the given indices, in that order, as a new batch.</summary>
    /// <param name="indices">The row indices.</param>
    /// <returns>The new batch.</returns>
    public RecordBatch Take(ReadOnlySpan<int> indices)
    {
        var columns = new Column[_columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = _columns[i].Take(indices);
        }

        return new RecordBatch(Schema, columns, validate: false);
    }

    /// <summary>Returns the schema and row count.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"RecordBatch({Length} rows: {Schema})";

    private static void Validate(Schema schema, Column[] columns)
    {
        if (columns.Length != schema.Count)
        {
            throw new ArgumentException($"The schema has {schema.Count} columns ({schema}) but {columns.Length} were given.", nameof(columns));
        }

        for (var i = 0; i < columns.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(columns[i]);
            if (columns[i].Type != schema[i].Type)
            {
                throw new ArgumentException($"Column '{schema[i].Name}' is declared {schema[i].Type} but the column given is {columns[i].Type}.", nameof(columns));
            }

            if (columns[i].Length != columns[0].Length)
            {
                throw new ArgumentException($"Column '{schema[i].Name}' has {columns[i].Length} rows but column '{schema[0].Name}' has {columns[0].Length}.", nameof(columns));
            }
        }
    }
}
