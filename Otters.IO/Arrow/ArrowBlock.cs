namespace Otters.IO.Arrow;

/// <summary>The <c>Block</c> struct of File.fbs: where one message lies in an IPC file.</summary>
/// <param name="Offset">The file offset of the message's continuation marker.</param>
/// <param name="MetadataLength">The length of the prefix, metadata and padding.</param>
/// <param name="BodyLength">The length of the body.</param>
internal readonly record struct ArrowBlock(long Offset, int MetadataLength, long BodyLength)
{
    /// <summary>The struct's size in the metadata, including four bytes of padding after the int.</summary>
    public const int Size = 24;
}
