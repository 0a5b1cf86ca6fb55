using System.Collections;
using Otters.Rows;

namespace Otters;

/// <summary>
/// One record as a user function sees it: <c>row["price"]</c> reads a field, <c>row["signal"] = 1</c>
/// adds or replaces one, <c>row.Get&lt;double&gt;("price")</c> reads it typed (without boxing when the
/// field is unchanged). Timestamp fields read as <see cref="long"/> counts in the column's unit;
/// <c>Get&lt;DateTime&gt;</c> and <c>Get&lt;DateTimeOffset&gt;</c> convert them.
/// </summary>
public sealed class Row : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly RowSet _set;
    private readonly int _index;

    /// <summary>Initializes an empty row, e.g. to return a new record from a stage.</summary>
    public Row()
        : this(new RowSet(null), 0)
    {
    }

    /// <summary>Initializes a row holding the given fields.</summary>
    /// <param name="fields">The fields and values.</param>
    public Row(IEnumerable<KeyValuePair<string, object?>> fields)
        : this()
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (name, value) in fields)
        {
            this[name] = value;
        }
    }

    internal Row(RowSet set, int index)
    {
        _set = set;
        _index = index;
    }

    /// <summary>Gets the number of fields.</summary>
    public int Count => this.Count();

    /// <summary>Gets the field names.</summary>
    public IEnumerable<string> Names => this.Select(kv => kv.Key);

    /// <summary>Gets the rows' shared context.</summary>
    internal RowSet Set => _set;

    /// <summary>Gets the row's index in its set.</summary>
    internal int Index => _index;

    /// <summary>Gets or sets a field. Getting a field the row does not have throws; setting one adds it.</summary>
    /// <param name="name">The field name.</param>
    public object? this[string name]
    {
        get
        {
            var slot = _set.SlotOf(name);
            if (slot < 0 || !HasSlot(slot))
            {
                ThrowMissing(name);
            }

            return GetSlot(slot);
        }

        set
        {
            ArgumentNullException.ThrowIfNull(name);
            _set.Set(_set.GetOrAddSlot(name), _index, value);
        }
    }

    /// <summary>Returns whether the row has a field.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>True when the field exists.</returns>
    public bool Contains(string name)
    {
        var slot = _set.SlotOf(name);
        return slot >= 0 && HasSlot(slot);
    }

    /// <summary>Reads a field as <typeparamref name="T"/>; a null reads as default for nullable and reference types and throws otherwise.</summary>
    /// <typeparam name="T">The type to read: the field's own (double, long, int, bool, string) or a convertible one.</typeparam>
    /// <param name="name">The field name.</param>
    /// <returns>The value.</returns>
    public T Get<T>(string name)
    {
        var slot = _set.SlotOf(name);
        if (slot < 0 || !HasSlot(slot))
        {
            ThrowMissing(name);
        }

        if (slot < _set.BatchColumns && !_set.IsSet(slot, _index))
        {
            var column = _set.Batch!.Column(slot);
            if (typeof(T) == typeof(double) && column is PrimitiveColumn<double> doubles && column.IsValid(_index))
            {
                var d = doubles.Values[_index];
                return System.Runtime.CompilerServices.Unsafe.As<double, T>(ref d);
            }

            if (typeof(T) == typeof(long) && column is PrimitiveColumn<long> longs && column.IsValid(_index))
            {
                var l = longs.Values[_index];
                return System.Runtime.CompilerServices.Unsafe.As<long, T>(ref l);
            }
        }

        return RowValueConverter.Convert<T>(GetSlot(slot), _set.Types[slot], name);
    }

    /// <summary>Reads a field as <typeparamref name="T"/>, or returns false when the row has no such field.</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value.</param>
    /// <returns>True when the field exists.</returns>
    public bool TryGet<T>(string name, out T value)
    {
        if (!Contains(name))
        {
            value = default!;
            return false;
        }

        value = Get<T>(name);
        return true;
    }

    /// <summary>Reads the value in a slot (null when unset and not from the batch).</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>The value.</returns>
    internal object? GetSlot(int slot)
    {
        if (_set.IsSet(slot, _index))
        {
            return _set.GetSet(slot, _index);
        }

        return slot < _set.BatchColumns ? _set.Batch!.Column(slot).GetValue(_index) : null;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var slot = 0; slot < _set.Names.Count; slot++)
        {
            if (HasSlot(slot))
            {
                yield return new(_set.Names[slot], GetSlot(slot));
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Returns the fields as <c>{name=value, ...}</c>.</summary>
    /// <returns>The row as text.</returns>
    public override string ToString() =>
        "{" + string.Join(", ", this.Select(kv => $"{kv.Key}={Conversion.ValueCoercion.Describe(kv.Value)}")) + "}";

    private bool HasSlot(int slot) => slot < _set.BatchColumns || _set.IsSet(slot, _index);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowMissing(string name) =>
        throw new KeyNotFoundException($"The row has no field '{name}' (fields: {string.Join(", ", Names)}).");
}
