namespace Otters.IO.Arrow;

/// <summary>Constants and small helpers of the Arrow IPC framing (Columnar.rst, "Serialization and IPC").</summary>
internal static class ArrowIpcFormat
{
    /// <summary>The continuation marker that starts every encapsulated message since Arrow 0.15.</summary>
    public const uint Continuation = 0xFFFFFFFF;

    /// <summary>The largest metadata Otters accepts; Arrow's own metadata for a flat schema is a few kilobytes.</summary>
    public const int MaxMetadataLength = 64 << 20;

    /// <summary>Gets the magic string that starts and ends an IPC file.</summary>
    public static ReadOnlySpan<byte> Magic => "ARROW1"u8;

    /// <summary>Gets the file magic padded to eight bytes, as written at the start of a file.</summary>
    public static ReadOnlySpan<byte> PaddedMagic => "ARROW1\0\0"u8;

    /// <summary>Rounds <paramref name="length"/> up to the next multiple of eight.</summary>
    public static long Pad8(long length) => (length + 7) & ~7L;
}
