namespace Otters.Rows;

/// <summary>
/// The rows of one batch as a row stage sees them: the input batch, the field names (input columns first,
/// then fields the stage sets), and the values rows set, stored per field so that a row is just a
/// (set, index) pair. Columns no row changed are passed on as they are, without a trip through objects.
/// A standalone row (made with <c>new Row()</c>) has a set of its own, of one row and no batch.
/// </summary>
internal sealed class RowSet
{
    private const int CacheSize = 8;
    private static readonly object s_unset = new();

    private readonly Dictionary<string, int> _slots;
    private readonly string?[] _cacheNames = new string?[CacheSize];
    private readonly int[] _cacheSlots = new int[CacheSize];
    private object?[]?[] _values;
    private int _cacheCount;

    public RowSet(RecordBatch? batch)
    {
        Batch = batch;
        RowCount = batch?.Length ?? 1;
        var schema = batch?.Schema;
        Names = schema is null ? [] : [.. schema.Names];
        Types = schema is null ? [] : [.. schema.Select(f => (ColumnType?)f.Type)];
        _slots = new Dictionary<string, int>(Names.Count, StringComparer.Ordinal);
        for (var i = 0; i < Names.Count; i++)
        {
            _slots[Names[i]] = i;
        }

        _values = new object?[]?[Math.Max(Names.Count, 4)];
    }

    /// <summary>Gets the batch the rows read from, or null for a standalone row.</summary>
    public RecordBatch? Batch { get; }

    /// <summary>Gets the number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Gets the number of columns the batch has (slots below it read from the batch).</summary>
    public int BatchColumns => Batch?.Schema.Count ?? 0;

    /// <summary>Gets the field names by slot.</summary>
    public List<string> Names { get; }

    /// <summary>Gets the column type of each slot when known (input columns), else null.</summary>
    public List<ColumnType?> Types { get; }

    /// <summary>Returns the slot of a field, or -1. Names used in code are interned literals, so a reference check usually answers.</summary>
    public int SlotOf(string name)
    {
        for (var i = 0; i < _cacheCount; i++)
        {
            if (ReferenceEquals(_cacheNames[i], name))
            {
                return _cacheSlots[i];
            }
        }

        if (!_slots.TryGetValue(name, out var slot))
        {
            return -1;
        }

        Remember(name, slot);
        return slot;
    }

    /// <summary>Returns the slot of a field, adding it when new.</summary>
    public int GetOrAddSlot(string name)
    {
        var slot = SlotOf(name);
        if (slot >= 0)
        {
            return slot;
        }

        slot = Names.Count;
        Names.Add(name);
        Types.Add(null);
        _slots.Add(name, slot);
        Remember(name, slot);
        return slot;
    }

    /// <summary>Returns whether a row set the field in a slot.</summary>
    public bool IsSet(int slot, int row) =>
        slot < _values.Length && _values[slot] is { } values && !ReferenceEquals(values[row], s_unset);

    /// <summary>Returns the value a row set in a slot; only valid when <see cref="IsSet"/>.</summary>
    public object? GetSet(int slot, int row) => _values[slot]![row];

    /// <summary>Sets a row's value in a slot.</summary>
    public void Set(int slot, int row, object? value)
    {
        if (slot >= _values.Length)
        {
            Array.Resize(ref _values, Math.Max(slot + 1, _values.Length * 2));
        }

        var values = _values[slot];
        if (values is null)
        {
            values = new object?[RowCount];
            Array.Fill(values, s_unset);
            _values[slot] = values;
        }

        values[row] = value;
    }

    /// <summary>Returns whether any row set the field in a slot.</summary>
    public bool IsModified(int slot) => slot < _values.Length && _values[slot] is not null;

    private void Remember(string name, int slot)
    {
        if (_cacheCount < CacheSize)
        {
            _cacheNames[_cacheCount] = name;
            _cacheSlots[_cacheCount] = slot;
            _cacheCount++;
        }
    }
}
