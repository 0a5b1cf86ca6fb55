using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Otters.Kernels;

/// <summary>Moving values between input order and grouped order, and the grouped input shared by stages.</summary>
internal sealed partial class KeyGrouping
{
    // The last column gathered on this thread, into a buffer the thread reuses: a chain of stages
    // on one batch mostly runs on one thread, and a thread that misses simply gathers again.
    [ThreadStatic]
    private static GatherCache? t_gathered;

    /// <summary>
    /// Returns a column's values in grouped order, gathering once per batch and thread: a chain of keyed
    /// stages on the same column (rolling mean, std, z-score on price) shares one copy. In input order
    /// already, the values themselves. The span is valid until the calling thread's next call.
    /// </summary>
    /// <param name="column">The column the values came from (with this grouping, the cache key).</param>
    /// <param name="values">Its values as doubles.</param>
    /// <returns>The values in grouped order, <see cref="Rows"/>.Length of them.</returns>
    public ReadOnlySpan<double> GroupedValues(Column column, ReadOnlySpan<double> values)
    {
        var grouped = GroupedLength;
        if (InOrder)
        {
            return values;
        }

        var cache = t_gathered ??= new GatherCache();
        if (!ReferenceEquals(cache.Column, column) || !ReferenceEquals(cache.Grouping, this))
        {
            cache.Column = null;
            var buffer = Scratch.Ensure(ref cache.Values, grouped + 1);
            ToGrouped(values, buffer);
            cache.Column = column;
            cache.Grouping = this;
        }

        return cache.Values.AsSpan(0, grouped);
    }

    /// <summary>Copies <c>source[i]</c> to <c>target[Positions[i]]</c>: input order to grouped order.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">Values in input order, one per row.</param>
    /// <param name="target">Receives them in grouped order; with null keys it needs one slot past the grouped rows (they land there).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ToGrouped<T>(ReadOnlySpan<T> source, Span<T> target)
    {
        CheckLengths(source.Length, target.Length);
        ref var p = ref MemoryMarshal.GetReference(Positions);
        ref var s = ref MemoryMarshal.GetReference(source);
        ref var t = ref MemoryMarshal.GetReference(target);
        for (var i = 0; i < source.Length; i++)
        {
            Unsafe.Add(ref t, Unsafe.Add(ref p, i)) = Unsafe.Add(ref s, i);
        }
    }

    /// <summary>Copies <c>source[Positions[i]]</c> to <c>target[i]</c>: grouped results back to input order.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">Results in grouped order; with null keys, one slot past them holds the null-key rows' result.</param>
    /// <param name="target">Receives them in input order, one per row.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ToInputOrder<T>(ReadOnlySpan<T> source, Span<T> target)
    {
        CheckLengths(target.Length, source.Length);
        var i = 0;
        if (typeof(T) == typeof(double) && Avx2.IsSupported)
        {
            i = GatherDoubles(
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(source)), source.Length),
                MemoryMarshal.CreateSpan(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(target)), target.Length));
        }

        ref var p = ref MemoryMarshal.GetReference(Positions);
        ref var s = ref MemoryMarshal.GetReference(source);
        ref var t = ref MemoryMarshal.GetReference(target);
        for (; i < target.Length; i++)
        {
            Unsafe.Add(ref t, i) = Unsafe.Add(ref s, Unsafe.Add(ref p, i));
        }
    }

    /// <summary>
    /// The bulk of <see cref="ToInputOrder"/> for doubles, four rows per hardware gather: a scalar copy pays a
    /// load of the position, a load and a store per row, and the copy back to input order ran at that limit.
    /// Returns the rows done (a multiple of four); the caller copies the rest. A copy, so no bit changes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int GatherDoubles(ReadOnlySpan<double> source, Span<double> target)
    {
        // CheckLengths ran: every position indexes into source, and target has one slot per position.
        var i = 0;
        fixed (double* s = source)
        fixed (int* p = Positions)
        {
            ref var t = ref MemoryMarshal.GetReference(target);
            for (; i <= target.Length - 8; i += 8)
            {
                Avx2.GatherVector256(s, Sse2.LoadVector128(p + i), 8).StoreUnsafe(ref t, (nuint)i);
                Avx2.GatherVector256(s, Sse2.LoadVector128(p + i + 4), 8).StoreUnsafe(ref t, (nuint)(i + 4));
            }
        }

        return i;
    }

    private void CheckLengths(int inputOrder, int grouped)
    {
        // The loops above index without bounds checks; these two facts keep every index in range.
        if (inputOrder != Positions.Length || grouped < GroupedLength + (GroupedLength < Positions.Length ? 1 : 0))
        {
            ThrowLengths();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowLengths() =>
        throw new ArgumentException("The input-order span must have one element per row, and the grouped span one per grouped row plus one when some keys are null.");

    private sealed class GatherCache
    {
        public Column? Column;
        public KeyGrouping? Grouping;
        public double[] Values = [];
    }
}
