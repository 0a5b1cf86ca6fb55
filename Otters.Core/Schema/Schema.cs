using System.Collections;

namespace Otters;

/// <summary>
/// The ordered, named and typed columns of a stream. Built with a collection initializer, then frozen
/// (read-only) as soon as a pipeline or a batch uses it.
/// </summary>
public sealed class Schema : IReadOnlyList<Field>, IEquatable<Schema>
{
    private readonly List<Field> _fields = [];
    private readonly Dictionary<string, int> _indexByName = new(StringComparer.Ordinal);
    private bool _frozen;

    /// <summary>Initializes an empty schema, to be filled by <see cref="Add(string, ColumnType)"/>.</summary>
    public Schema()
    {
    }

    /// <summary>Initializes a frozen schema of the given fields.</summary>
    /// <param name="fields">The fields, in column order.</param>
    public Schema(IEnumerable<Field> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in fields)
        {
            Add(field);
        }

        _frozen = true;
    }

    /// <summary>Gets the number of columns.</summary>
    public int Count => _fields.Count;

    /// <summary>Gets the field at a column index.</summary>
    /// <param name="index">The column index.</param>
    public Field this[int index] => _fields[index];

    /// <summary>Gets the field of the given name.</summary>
    /// <param name="name">The column name.</param>
    public Field this[string name] => _indexByName.TryGetValue(name, out var i)
        ? _fields[i]
        : throw new KeyNotFoundException($"The schema ({this}) has no column '{name}'.");

    /// <summary>Gets the column names in order.</summary>
    public IEnumerable<string> Names => _fields.Select(f => f.Name);

    /// <summary>Adds a column; only before the schema is in use.</summary>
    /// <param name="name">The column name, unique within the schema.</param>
    /// <param name="type">The column type.</param>
    public void Add(string name, ColumnType type) => Add(new Field(name, type));

    /// <summary>Adds a column; only before the schema is in use.</summary>
    /// <param name="field">The field to add.</param>
    public void Add(Field field)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentException.ThrowIfNullOrEmpty(field.Name);
        ArgumentNullException.ThrowIfNull(field.Type);
        if (_frozen)
        {
            throw new InvalidOperationException($"The schema ({this}) is in use by a pipeline or a batch and can no longer change; build a new one.");
        }

        if (!_indexByName.TryAdd(field.Name, _fields.Count))
        {
            throw new ArgumentException($"The schema already has a column named '{field.Name}'.", nameof(field));
        }

        _fields.Add(field);
    }

    /// <summary>Returns the index of a column, or -1 when the schema has none of that name.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The column index or -1.</returns>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Returns whether the schema has a column of the given name.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>True when the column exists.</returns>
    public bool Contains(string name) => _indexByName.ContainsKey(name);

    /// <summary>Returns a new schema with one more column at the end.</summary>
    /// <param name="field">The field to append.</param>
    /// <returns>The new, frozen schema.</returns>
    public Schema Append(Field field) => new(_fields.Append(field));

    /// <summary>Returns a new schema keeping only the named columns, in the order given.</summary>
    /// <param name="names">The columns to keep.</param>
    /// <returns>The new, frozen schema.</returns>
    public Schema Select(IEnumerable<string> names) => new(names.Select(n => this[n]));

    /// <summary>Marks the schema read-only and returns it.</summary>
    /// <returns>This schema.</returns>
    internal Schema Freeze()
    {
        _frozen = true;
        return this;
    }

    /// <inheritdoc/>
    public IEnumerator<Field> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(Schema? other) => other is not null && (ReferenceEquals(this, other) || _fields.SequenceEqual(other._fields));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Schema);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var field in _fields)
        {
            hash.Add(field);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns the columns as <c>name: type, ...</c>.</summary>
    /// <returns>The schema as text.</returns>
    public override string ToString() => string.Join(", ", _fields);
}
