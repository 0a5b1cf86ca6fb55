using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Otters.Kernels;

/// <summary>Moving values between input order and grouped order, and the grouped input shared by stages.</summary>
internal sealed partial class KeyGrouping
{
    // The last column gathered, published whole so concurrent stages (a branching pipeline runs several
    // on one batch) either see a finished gather or make their own.
    private Gathered? _gathered;

    /// <summary>
    /// Returns a column's values in grouped order, gathering once per batch: a chain of keyed stages on the
    /// same column (rolling mean, std, z-score, ema on price) shares one copy. In input order already, the
    /// values themselves.
    /// </summary>
    /// <param name="column">The column the values came from (the cache key).</param>
    /// <param name="values">Its values as doubles.</param>
    /// <returns>The values in grouped order, <see cref="Rows"/>.Length of them.</returns>
    public ReadOnlySpan<double> GroupedValues(Column column, ReadOnlySpan<double> values)
    {
        if (InOrder)
        {
            return values;
        }

        var cached = Volatile.Read(ref _gathered);
        if (cached is not null && ReferenceEquals(cached.Column, column))
        {
            return cached.Values.AsSpan(0, Rows.Length);
        }

        var grouped = GC.AllocateUninitializedArray<double>(Rows.Length + 1);
        ToGrouped(values, grouped);
        Volatile.Write(ref _gathered, new Gathered(column, grouped));
        return grouped.AsSpan(0, Rows.Length);
    }

    /// <summary>Copies <c>source[i]</c> to <c>target[Positions[i]]</c>: input order to grouped order.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">Values in input order, one per row.</param>
    /// <param name="target">Receives them in grouped order; with null keys it needs one slot past the grouped rows (they land there).</param>
    public void ToGrouped<T>(ReadOnlySpan<T> source, Span<T> target)
    {
        CheckLengths(source.Length, target.Length);
        ref var p = ref MemoryMarshal.GetArrayDataReference(Positions);
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
    public void ToInputOrder<T>(ReadOnlySpan<T> source, Span<T> target)
    {
        CheckLengths(target.Length, source.Length);
        ref var p = ref MemoryMarshal.GetArrayDataReference(Positions);
        ref var s = ref MemoryMarshal.GetReference(source);
        ref var t = ref MemoryMarshal.GetReference(target);
        for (var i = 0; i < target.Length; i++)
        {
            Unsafe.Add(ref t, i) = Unsafe.Add(ref s, Unsafe.Add(ref p, i));
        }
    }

    private void CheckLengths(int inputOrder, int grouped)
    {
        // The loops above index without bounds checks; these two facts keep every index in range.
        if (inputOrder != Positions.Length || grouped < Rows.Length + (Rows.Length < Positions.Length ? 1 : 0))
        {
            ThrowLengths();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowLengths() =>
        throw new ArgumentException("The input-order span must have one element per row, and the grouped span one per grouped row plus one when some keys are null.");

    private sealed record Gathered(Column Column, double[] Values);
}
