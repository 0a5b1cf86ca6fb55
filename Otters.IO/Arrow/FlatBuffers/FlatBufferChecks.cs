using System.Diagnostics.CodeAnalysis;

namespace Otters.IO.Arrow.FlatBuffers;

/// <summary>Bounds checks shared by the FlatBuffer readers; failures are <see cref="InvalidDataException"/>.</summary>
internal static class FlatBufferChecks
{
    /// <summary>Throws unless <paramref name="length"/> bytes at <paramref name="position"/> lie inside the buffer.</summary>
    public static void Require(ReadOnlySpan<byte> buffer, long position, int length, string what)
    {
        if (position < 0 || length < 0 || position > buffer.Length - (long)length)
        {
            Fail($"The {what} at byte {position} runs past the end of the {buffer.Length}-byte metadata.");
        }
    }

    /// <summary>Throws an <see cref="InvalidDataException"/> with the message.</summary>
    [DoesNotReturn]
    public static void Fail(string message) => throw new InvalidDataException(message);
}
