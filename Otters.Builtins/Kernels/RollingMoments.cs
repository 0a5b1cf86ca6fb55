using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Otters.Kernels;

/// <summary>
/// Rolling mean, sample standard deviation and z-score over a window of rows, as pandas'
/// <c>rolling(w)</c> with min_periods = w. A null resets the window (no output until w valid rows
/// follow it). Each row adds the entering value's and removes the leaving value's deviation from a
/// shift with compensated sums; every Capacity - w rows per key the shift moves to the window's mean
/// and the sums are recomputed from the history, so even prices near 1e6 keep their variance exact to
/// about 1e-15 relative. The leaving-minus-entering differences are vectorized; the running sum is one
/// add per row on the dependency chain. Every path performs the same IEEE operations per row, so the
/// scalar and vector paths agree bit for bit.
/// </summary>
internal sealed partial class RollingMoments
{
    private readonly MomentKind _kind;
    private readonly KernelPath _path;
    // Five scratch areas (delta, its error, square, its error, equal-to-previous then constant flags;
    // the sequential pass overwrites each in place with its running value) in one pinned array, each
    // starting on a 64-byte boundary: a pass reads back what the previous one just stored, and a load
    // that straddles two stores waits for them to leave the store buffer (misaligned, that halved the
    // rolling mean in some processes).
    private const int Delta = 0;
    private const int DeltaError = 1;
    private const int Square = 2;
    private const int SquareError = 3;
    private const int Constant = 4;
    private double[] _scratch = [];
    private int _origin;
    private int _stride;

    /// <summary>Initializes the kernel.</summary>
    /// <param name="kind">What to compute.</param>
    /// <param name="path">The instruction set to use.</param>
    public RollingMoments(MomentKind kind, KernelPath path)
    {
        _kind = kind;
        _path = KernelPaths.Resolve(path);
    }

    /// <summary>Computes one key's rows.</summary>
    /// <param name="state">The key's state.</param>
    /// <param name="x">The values.</param>
    /// <param name="valid">One flag per value (1 = present), or empty when all are present.</param>
    /// <param name="y">Receives the results.</param>
    /// <param name="yValid">Receives one flag per result.</param>
    public void Run(WindowState state, ReadOnlySpan<double> x, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid)
    {
        var i = 0;
        while (i < x.Length)
        {
            var end = x.Length;
            if (!valid.IsEmpty)
            {
                if (valid[i] == 0)
                {
                    state.Reset();
                    y[i] = 0;
                    yValid[i] = 0;
                    i++;
                    continue;
                }

                var gap = valid[i..].IndexOf((byte)0);
                end = gap < 0 ? x.Length : i + gap;
            }

            if (_kind == MomentKind.Mean)
            {
                RunMean(state, x[i..end], y[i..end], yValid[i..end]);
            }
            else
            {
                RunValid(state, x[i..end], y[i..end], yValid[i..end]);
            }

            i = end;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunValid(WindowState state, ReadOnlySpan<double> x, Span<double> y, Span<byte> yValid)
    {
        // NextSlide fills the window (and recenters) up to each run of full-window rows; the run slides here.
        var done = 0;
        while (NextSlide(state, x, y, yValid, ref done, out var from, out var n, out var at))
        {
            Slide(state, from, from + n, y.Slice(at, n), yValid.Slice(at, n));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill(WindowState state, double value, ref double y, ref byte yValid)
    {
        if (state.Count == 0)
        {
            state.Shift = value;
            state.SameRun = 0;
        }

        var d = value - state.Shift;
        Compensated.Add(ref state.Sum, ref state.SumError, d, 0);
        var q = d * d;
        Compensated.Add(ref state.Squares, ref state.SquaresError, q, Math.FusedMultiplyAdd(d, d, -q));
        state.SameRun = state.SameRun > 0 && value == state.Previous ? state.SameRun + 1 : 1;
        state.Previous = value;
        state.Count++;
        if (state.Count < state.Window)
        {
            y = 0;
            yValid = 0;
            return;
        }

        yValid = Finish(state, value, out y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Slide(WindowState state, int from, int to, Span<double> y, Span<byte> yValid)
    {
        var n = to - from;
        EnsureScratch(state.History.Length);
        System.Diagnostics.Debug.Assert(_kind != MomentKind.Mean, "The mean slides in RunMean.");
        Differences(state.History, from, n, state.Window, state.Shift);

        // Pass 1, the only sequential part: running sums, kept in locals (through the state's fields every
        // row would pay a store and a reload on the dependency chain). Each row's sums overwrite its
        // differences in the scratch arrays; pass 2 turns them into results in vectors. The arrays are
        // walked by reference: every one holds at least n elements (EnsureScratch, the history slice).
        var history = state.History;
        ref var value0 = ref history[from];
        ref var sum0 = ref Area(Delta);
        var sum = state.Sum;
        var sumError = state.SumError;
        var sameRun = state.SameRun;
        var window = state.Window;
        ref var sumError0 = ref Area(DeltaError);
        ref var sq0 = ref Area(Square);
        ref var sqError0 = ref Area(SquareError);
        ref var constant0 = ref Area(Constant);
        var sq = state.Squares;
        var sqError = state.SquaresError;
        for (nint k = 0; k < n; k++)
        {
            Compensated.AddSpread(ref sum, ref sumError, Unsafe.Add(ref sum0, k), Unsafe.Add(ref sumError0, k));
            Compensated.AddSpread(ref sq, ref sqError, Unsafe.Add(ref sq0, k), Unsafe.Add(ref sqError0, k));
            Unsafe.Add(ref sum0, k) = sum;
            Unsafe.Add(ref sumError0, k) = sumError;
            Unsafe.Add(ref sq0, k) = sq;
            Unsafe.Add(ref sqError0, k) = sqError;
            sameRun = Unsafe.Add(ref constant0, k) != 0 ? sameRun + 1 : 1;
            Unsafe.Add(ref constant0, k) = sameRun >= window ? 1 : 0;
        }

        state.Squares = sq;
        state.SquaresError = sqError;
        state.Sum = sum;
        state.SumError = sumError;
        state.Previous = Unsafe.Add(ref value0, n - 1);
        state.SameRun = sameRun;
        var values = history.Slice(from, n);
        MomentResults.Compute(_kind, _path, window, state.Shift, values, AreaSpan(Delta, n), AreaSpan(DeltaError, n), AreaSpan(Square, n), AreaSpan(SquareError, n), AreaSpan(Constant, n), y[..n], yValid[..n]);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowShort() => throw new ArgumentException("The result span is shorter than the rows to compute.");

    private byte Finish(WindowState state, double value, out double result) =>
        MomentResults.One(_kind, state.Window, state.Shift, value, state.Sum, state.SumError, state.Squares, state.SquaresError, state.SameRun >= state.Window ? 1 : 0, out result);

    /// <summary>Moves the last window rows to the front, re-shifts to their mean and recomputes the sums (the squares only when the kind uses them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Recenter(WindowState state)
    {
        var history = state.History;
        var window = state.Window;
        CopyScalar(history.Slice(state.Length - window, window), history);
        state.Length = window;

        // Four interleaved chains (row i on chain i % 4), joined at the end: one chain was a quarter of the
        // keyed z-score's time, a latency-bound add per row of the window every 256 rows. The order of the
        // operations is fixed, so every machine gets the same bits: without 256-bit hardware, Vector256
        // performs the same operations element by element.
        ref var h = ref MemoryMarshal.GetReference(history);
        var quads = window & ~3;
        var vTotal = Vector256<double>.Zero;
        for (var i = 0; i < quads; i += 4)
        {
            vTotal += Vector256.LoadUnsafe(ref h, (nuint)i);
        }

        var total = (vTotal.GetElement(0) + vTotal.GetElement(1)) + (vTotal.GetElement(2) + vTotal.GetElement(3));
        for (var i = quads; i < window; i++)
        {
            total += history[i];
        }

        var shift = total / window;
        state.Shift = shift;
        var squaresToo = _kind != MomentKind.Mean;
        var vShift = Vector256.Create(shift);
        var vSum = Vector256<double>.Zero;
        var vSumError = Vector256<double>.Zero;
        var vSquares = Vector256<double>.Zero;
        var vSquaresError = Vector256<double>.Zero;
        for (var i = 0; i < quads; i += 4)
        {
            var d = Vector256.LoadUnsafe(ref h, (nuint)i) - vShift;
            AddLanes(ref vSum, ref vSumError, d, Vector256<double>.Zero);
            if (squaresToo)
            {
                var q = d * d;
                AddLanes(ref vSquares, ref vSquaresError, q, Vector256.FusedMultiplyAdd(d, d, -q));
            }
        }

        // In locals: through the state's fields every row would pay a store and a reload on the chain.
        double sum = 0, sumError = 0, squares = 0, squaresError = 0;
        for (var lane = 0; lane < 4; lane++)
        {
            Compensated.Add(ref sum, ref sumError, vSum.GetElement(lane), vSumError.GetElement(lane));
            Compensated.Add(ref squares, ref squaresError, vSquares.GetElement(lane), vSquaresError.GetElement(lane));
        }

        for (var i = quads; i < window; i++)
        {
            var d = history[i] - shift;
            Compensated.Add(ref sum, ref sumError, d, 0);
            var q = d * d;
            Compensated.Add(ref squares, ref squaresError, q, Math.FusedMultiplyAdd(d, d, -q));
        }

        state.Sum = sum;
        state.SumError = sumError;
        state.Squares = squaresToo ? squares : 0;
        state.SquaresError = squaresToo ? squaresError : 0;
    }

    /// <summary><see cref="Compensated.Add"/> in each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLanes(ref Vector256<double> sum, ref Vector256<double> error, Vector256<double> value, Vector256<double> valueError)
    {
        var t = sum + value;
        var z = t - sum;
        error += ((sum - (t - z)) + (value - z)) + valueError;
        sum = t;
    }

    private void EnsureScratch(int length)
    {
        if (_stride < length)
        {
            // Each area a whole number of 64-byte lines; 7 spare elements let the first start on a line.
            _stride = (length + 7) & ~7;
            _scratch = GC.AllocateArray<double>((5 * _stride) + 7, pinned: true);
            _origin = Aligned.Origin(_scratch, 64);
        }
    }

    private ref double Area(int area) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_scratch), _origin + (area * _stride));

    private Span<double> AreaSpan(int area, int n) => _scratch.AsSpan(_origin + (area * _stride), n);
}
