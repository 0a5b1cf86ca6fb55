using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Otters.Kernels;

/// <summary>
/// The rolling mean in one pass: each row reads its entering value from the input and its leaving value
/// from the input (or, for a batch's first window rows, from the history), adds their difference to the
/// running sum and writes the result. No scratch memory: the kernel's loads and stores then move in
/// lockstep through the caller's buffers, so their distance never changes; through a fixed scratch
/// area that the output slid past, some processes' placement put every other chunk's loads behind
/// stores to the same 4 KiB offset and halved the speed. The operations per row are those of
/// <see cref="Slide"/>, in the same order, so the results are the same bits; recentering keeps its
/// schedule (every Capacity - w rows per key), so no batch cut changes them.
/// </summary>
internal sealed partial class RollingMoments
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunMean(WindowState state, ReadOnlySpan<double> x, Span<double> y, Span<byte> yValid)
    {
        var history = state.History;
        var window = state.Window;

        // Every sliding row is present; the rows that fill the window write their own flags.
        yValid.Fill(1);
        var done = 0;
        while (done < x.Length)
        {
            if (state.Length == history.Length)
            {
                Recenter(state);
            }

            // Rows that fill the window go through the history as before: they are few, and Fill reads them there.
            for (; done < x.Length && state.Count < window && state.Length < history.Length; done++)
            {
                var value = x[done];
                history[state.Length++] = value;
                Fill(state, value, ref y[done], ref yValid[done]);
            }

            var take = Math.Min(history.Length - state.Length, x.Length - done);
            if (take == 0)
            {
                continue;
            }

            var start = state.Length;
            SlideMean(state, history.Slice(start - window, window), x.Slice(done, take), y.Slice(done, take));

            // Only the last window values are ever read again (as leaving values, or by Recenter).
            var keep = Math.Min(take, window);
            CopyScalar(x.Slice(done + take - keep, keep), history[(start + take - keep)..]);
            state.Length = start + take;
            done += take;
        }
    }

    /// <summary>Slides the window over <paramref name="x"/>: row k's leaving value is <c>before[k]</c> for k below the window, else <c>x[k - window]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SlideMean(WindowState state, ReadOnlySpan<double> before, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = x.Length;
        var window = state.Window;
        if (before.Length != window || y.Length != n)
        {
            ThrowShort();
        }

        // The sum of deviations is a small correction to the shift, so its rounding while sliding stays far
        // below one unit in the last place of the mean: no compensation here; the compensation gathered
        // while filling and recentering is kept as a constant. Sums live in locals: through the state's
        // fields every row would pay a store and a reload on the dependency chain.
        var shift = state.Shift;
        var sumError = state.SumError;
        var inverse = 1.0 / window;
        var sum = state.Sum;
        var previous = state.Previous;
        var sameRun = state.SameRun;
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        ref var b0 = ref MemoryMarshal.GetReference(before);
        var head = Math.Min(n, window);
        nint k = 0;
        for (; k < head; k++)
        {
            var value = Unsafe.Add(ref x0, k);
            sum += (value - shift) - (Unsafe.Add(ref b0, k) - shift);
            sameRun = value == previous ? sameRun + 1 : 1;
            previous = value;
            Unsafe.Add(ref y0, k) = sameRun >= window ? value : shift + ((sum + sumError) * inverse);
        }

        ref var leaving0 = ref Unsafe.Subtract(ref x0, window);
        for (; k < n; k++)
        {
            var value = Unsafe.Add(ref x0, k);
            sum += (value - shift) - (Unsafe.Add(ref leaving0, k) - shift);
            sameRun = value == previous ? sameRun + 1 : 1;
            previous = value;
            Unsafe.Add(ref y0, k) = sameRun >= window ? value : shift + ((sum + sumError) * inverse);
        }

        state.Sum = sum;
        state.Previous = previous;
        state.SameRun = sameRun;
    }

    /// <summary>
    /// Copies a few values one by one: each is read back soon by a scalar load, which the store buffer
    /// forwards from a store of the same width; the wide, overlapping stores of a block copy forward
    /// less reliably, and its small-size path cost as much as the copy in a process that had not yet
    /// optimized it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyScalar(ReadOnlySpan<double> source, Span<double> target)
    {
        if (target.Length < source.Length)
        {
            ThrowShort();
        }

        ref var s = ref MemoryMarshal.GetReference(source);
        ref var t = ref MemoryMarshal.GetReference(target);
        for (nint i = 0; i < source.Length; i++)
        {
            Unsafe.Add(ref t, i) = Unsafe.Add(ref s, i);
        }
    }
}
