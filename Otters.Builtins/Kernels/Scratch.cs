using System.Runtime.CompilerServices;

namespace Otters.Kernels;

/// <summary>Reusable per-stage work arrays (a stage sees one batch at a time), and gathers by key.</summary>
internal static class Scratch
{
    /// <summary>Returns the first <paramref name="length"/> elements of <paramref name="array"/>, growing it first if needed.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="array">The array to reuse.</param>
    /// <param name="length">The elements needed.</param>
    /// <returns>The span.</returns>
    public static Span<T> Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }

        return array.AsSpan(0, length);
    }

    /// <summary>Copies <c>source[rows[j]]</c> to <c>target[j]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The input order.</param>
    /// <param name="rows">The row indices, grouped by key.</param>
    /// <param name="target">The grouped order.</param>
    public static void Gather<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> rows, Span<T> target)
    {
        for (var j = 0; j < rows.Length; j++)
        {
            target[j] = source[rows[j]];
        }
    }

    /// <summary>Copies <c>source[j]</c> to <c>target[rows[j]]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The grouped order.</param>
    /// <param name="rows">The row indices, grouped by key.</param>
    /// <param name="target">The input order.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scatter<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> rows, Span<T> target)
    {
        for (var j = 0; j < rows.Length; j++)
        {
            target[rows[j]] = source[j];
        }
    }
}
