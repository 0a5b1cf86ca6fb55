namespace Otters.Rows;

/// <summary>
/// The rows of one batch as a row stage sees them: the input batch, the field names (input columns first,
/// then fields the stage sets), and which input columns any row changed — so unchanged columns are
/// passed on as they are, without a trip through objects.
/// </summary>
internal sealed class RowSet
{
    private readonly Dictionary<string, int> _slots;
    private bool[] _modified;

    public RowSet(RecordBatch? batch, Schema? layout = null)
    {
        Batch = batch;
        var schema = layout ?? batch?.Schema;
        Names = schema is null ? [] : [.. schema.Names];
        Types = schema is null ? [] : [.. schema.Select(f => (ColumnType?)f.Type)];
        _slots = new Dictionary<string, int>(Names.Count, StringComparer.Ordinal);
        for (var i = 0; i < Names.Count; i++)
        {
            _slots[Names[i]] = i;
        }

        _modified = new bool[Math.Max(Names.Count, 4)];
    }

    /// <summary>Gets the batch the rows read from, or null for standalone rows.</summary>
    public RecordBatch? Batch { get; }

    /// <summary>Gets the number of columns the batch has (slots below it read from the batch).</summary>
    public int BatchColumns => Batch?.Schema.Count ?? 0;

    /// <summary>Gets the field names by slot.</summary>
    public List<string> Names { get; }

    /// <summary>Gets the column type of each slot when known (input columns), else null.</summary>
    public List<ColumnType?> Types { get; }

    /// <summary>Returns the slot of a field, or -1.</summary>
    public int SlotOf(string name) => _slots.TryGetValue(name, out var slot) ? slot : -1;

    /// <summary>Returns the slot of a field, adding it when new.</summary>
    public int GetOrAddSlot(string name)
    {
        if (_slots.TryGetValue(name, out var slot))
        {
            return slot;
        }

        slot = Names.Count;
        Names.Add(name);
        Types.Add(null);
        _slots.Add(name, slot);
        return slot;
    }

    /// <summary>Records that some row set the field in <paramref name="slot"/>.</summary>
    public void MarkModified(int slot)
    {
        if (slot >= _modified.Length)
        {
            Array.Resize(ref _modified, Math.Max(slot + 1, _modified.Length * 2));
        }

        _modified[slot] = true;
    }

    /// <summary>Returns whether any row set the field in <paramref name="slot"/>.</summary>
    public bool IsModified(int slot) => slot < _modified.Length && _modified[slot];
}
