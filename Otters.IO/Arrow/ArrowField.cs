namespace Otters.IO.Arrow;

/// <summary>One top-level field of an Arrow schema.</summary>
/// <param name="Name">The field's name.</param>
/// <param name="Type">The field's type.</param>
/// <param name="Nullable">Whether the field is declared nullable.</param>
/// <param name="ChildCount">The number of child fields (nested types; Otters maps none).</param>
/// <param name="IsDictionaryEncoded">Whether the field is dictionary encoded (Otters does not read those).</param>
internal sealed record ArrowField(string Name, ArrowType Type, bool Nullable, int ChildCount = 0, bool IsDictionaryEncoded = false);
