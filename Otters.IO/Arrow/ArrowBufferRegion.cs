namespace Otters.IO.Arrow;

/// <summary>The <c>Buffer</c> struct of Schema.fbs: where one buffer lies in a message body.</summary>
/// <param name="Offset">The offset from the start of the body.</param>
/// <param name="Length">The buffer's length in bytes, without padding.</param>
internal readonly record struct ArrowBufferRegion(long Offset, long Length)
{
    /// <summary>The struct's size in the metadata.</summary>
    public const int Size = 16;
}
