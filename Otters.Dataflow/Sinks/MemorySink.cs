namespace Otters;

/// <summary>A sink that keeps every batch in memory: for tests and small prototypes.</summary>
public sealed class MemorySink : ISink
{
    private readonly List<RecordBatch> _batches = [];
    private readonly object _gate = new();

    /// <summary>Gets the schema the sink was opened with, or null before it opened.</summary>
    public Schema? Schema { get; private set; }

    /// <summary>Gets a value indicating whether the sink was opened.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Gets a value indicating whether the sink was closed.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Gets the batches written so far.</summary>
    public IReadOnlyList<RecordBatch> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>Gets the number of rows written so far.</summary>
    public long RowCount
    {
        get
        {
            lock (_gate)
            {
                return _batches.Sum(b => (long)b.Length);
            }
        }
    }

    /// <summary>Gets every row written, as dictionaries (timestamps as long counts in their unit).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows => Batches.SelectMany(b => b.ToDictionaries()).ToList();

    /// <summary>Returns one column's values across all batches, typed (nulls as default, or null for nullable types).</summary>
    /// <typeparam name="T">The type to read the values as.</typeparam>
    /// <param name="name">The column name.</param>
    /// <returns>The values in order.</returns>
    public IReadOnlyList<T> Column<T>(string name) =>
        Batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => Rows_Convert<T>(b, name, i))).ToList();

    /// <inheritdoc/>
    public string Describe() => "memory";

    /// <inheritdoc/>
    public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default)
    {
        Schema = schema;
        IsOpen = true;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            _batches.Add(batch);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        IsClosed = true;
        return ValueTask.CompletedTask;
    }

    private static T Rows_Convert<T>(RecordBatch batch, string name, int index) =>
        Otters.Rows.RowValueConverter.Convert<T>(batch.Column(name).GetValue(index), batch.Schema[name].Type, name);
}
