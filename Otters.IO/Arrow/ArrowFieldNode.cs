namespace Otters.IO.Arrow;

/// <summary>The <c>FieldNode</c> struct of Message.fbs: a column's length and null count in one batch.</summary>
/// <param name="Length">The number of values.</param>
/// <param name="NullCount">The number of nulls.</param>
internal readonly record struct ArrowFieldNode(long Length, long NullCount)
{
    /// <summary>The struct's size in the metadata.</summary>
    public const int Size = 16;
}
