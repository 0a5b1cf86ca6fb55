using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Otters.Memory;

/// <summary>
/// A byte buffer whose first byte sits on a 64-byte boundary, as Arrow asks. It lives in a pinned
/// array on the pinned object heap, so it never moves and needs no explicit release: batches are
/// shared between branches and freed by the GC. Large arrays come from <see cref="BufferPool"/>,
/// which reuses them once the GC finds them unreferenced.
/// </summary>
internal sealed class AlignedBuffer
{
    /// <summary>The alignment, in bytes, of every buffer.</summary>
    public const int Alignment = 64;

    private static readonly AlignedBuffer s_empty = Allocate(0);

    private readonly byte[] _array;
    private readonly int _offset;

    private AlignedBuffer(byte[] array, int offset, int length)
    {
        _array = array;
        _offset = offset;
        Length = length;
    }

    /// <summary>Gets the usable length in bytes.</summary>
    public int Length { get; }

    /// <summary>Gets the whole buffer.</summary>
    public Span<byte> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_array, _offset, Length);
    }

    /// <summary>Gets an empty buffer.</summary>
    public static AlignedBuffer Empty => s_empty;

    /// <summary>Allocates a zeroed buffer of at least <paramref name="byteLength"/> bytes, padded to a multiple of 64.</summary>
    /// <param name="byteLength">The bytes needed.</param>
    /// <param name="zero">Whether the memory must start zeroed.</param>
    /// <returns>The buffer.</returns>
    public static unsafe AlignedBuffer Allocate(int byteLength, bool zero = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        var padded = checked((byteLength + Alignment - 1) & ~(Alignment - 1));
        var array = BufferPool.Rent(padded + Alignment);
        var address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        var offset = (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1));
        Debug.Assert(((address + offset) & (Alignment - 1)) == 0, "The buffer must start on a 64-byte boundary.");
        var buffer = new AlignedBuffer(array, offset, padded);
        if (zero)
        {
            // A reused array holds an earlier batch's bytes.
            buffer.Span.Clear();
        }

        return buffer;
    }

    /// <summary>Allocates a buffer holding a copy of <paramref name="source"/>.</summary>
    /// <param name="source">The bytes to copy.</param>
    /// <returns>The buffer.</returns>
    public static AlignedBuffer CopyOf(ReadOnlySpan<byte> source)
    {
        var buffer = Allocate(source.Length, zero: false);
        source.CopyTo(buffer.Span);
        buffer.Span[source.Length..].Clear();
        return buffer;
    }

    /// <summary>Views the buffer as values of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <returns>The typed view.</returns>
    public Span<T> AsSpan<T>()
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(Span);

    /// <summary>Returns a larger buffer holding this one's first <paramref name="usedBytes"/> bytes.</summary>
    /// <param name="usedBytes">The bytes to keep.</param>
    /// <param name="newLength">The new length in bytes.</param>
    /// <returns>The new buffer.</returns>
    public AlignedBuffer Grow(int usedBytes, int newLength)
    {
        var grown = Allocate(newLength);
        Span[..usedBytes].CopyTo(grown.Span);
        return grown;
    }
}
