using System.Diagnostics.CodeAnalysis;
using Otters.Memory;

namespace Otters.IO.Arrow;

/// <summary>Checks and copies shared by the Arrow column readers; failures are <see cref="InvalidDataException"/>.</summary>
internal static class ArrowBufferChecks
{
    /// <summary>Gets the bytes of a bitmap of <paramref name="length"/> bits, without overflowing.</summary>
    public static long BitmapBytes(int length) => ((long)length + 7) >> 3;

    /// <summary>Copies the first <paramref name="byteCount"/> bytes of <paramref name="source"/> into an aligned buffer.</summary>
    public static AlignedBuffer Copy(ArrowField field, ReadOnlySpan<byte> source, long byteCount)
    {
        // Once checked against the source, the count fits in an int.
        Require(field, source, byteCount);
        return AlignedBuffer.CopyOf(source[..(int)byteCount]);
    }

    /// <summary>Throws unless <paramref name="source"/> holds at least <paramref name="byteCount"/> bytes.</summary>
    public static void Require(ArrowField field, ReadOnlySpan<byte> source, long byteCount)
    {
        if (source.Length < byteCount)
        {
            Fail($"A buffer of column '{field.Name}' has {source.Length} bytes but its values need {byteCount}.");
        }
    }

    /// <summary>Throws an <see cref="InvalidDataException"/> with the message.</summary>
    [DoesNotReturn]
    public static void Fail(string message) => throw new InvalidDataException(message);
}
