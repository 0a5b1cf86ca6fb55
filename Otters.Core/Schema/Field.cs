namespace Otters;

/// <summary>A named, typed column of a <see cref="Schema"/>. Every field may hold nulls.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Type">The column's type.</param>
public sealed record Field(string Name, ColumnType Type)
{
    /// <summary>Returns <c>name: type</c>.</summary>
    /// <returns>The field as text.</returns>
    public override string ToString() => $"{Name}: {Type}";
}
