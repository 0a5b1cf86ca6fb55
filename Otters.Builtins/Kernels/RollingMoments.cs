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
internal sealed class RollingMoments
{
    private readonly MomentKind _kind;
    private readonly KernelPath _path;
    private double[] _delta = [];
    private double[] _deltaError = [];
    private double[] _square = [];
    private double[] _squareError = [];

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

            RunValid(state, x[i..end], y[i..end], yValid[i..end]);
            i = end;
        }
    }

    private void RunValid(WindowState state, ReadOnlySpan<double> x, Span<double> y, Span<byte> yValid)
    {
        var history = state.History;
        var window = state.Window;
        var done = 0;
        while (done < x.Length)
        {
            if (state.Length == history.Length)
            {
                Recenter(state);
            }

            var take = Math.Min(history.Length - state.Length, x.Length - done);
            var start = state.Length;
            x.Slice(done, take).CopyTo(history.AsSpan(start));
            state.Length += take;
            var j = start;
            var end = start + take;
            for (; j < end && state.Count < window; j++, done++)
            {
                Fill(state, history[j], ref y[done], ref yValid[done]);
            }

            if (j < end)
            {
                Slide(state, j, end, y.Slice(done, end - j), yValid.Slice(done, end - j));
                done += end - j;
            }
        }
    }

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

    private void Slide(WindowState state, int from, int to, Span<double> y, Span<byte> yValid)
    {
        var n = to - from;
        EnsureScratch(state.History.Length);
        var squares = _kind != MomentKind.Mean;
        Differences(state.History, from, n, state.Window, state.Shift, squares);
        var history = state.History;
        var delta = _delta;
        var deltaError = _deltaError;
        var square = _square;
        var squareError = _squareError;
        for (var k = 0; k < n; k++)
        {
            var value = history[from + k];
            Compensated.Add(ref state.Sum, ref state.SumError, delta[k], deltaError[k]);
            if (squares)
            {
                Compensated.Add(ref state.Squares, ref state.SquaresError, square[k], squareError[k]);
            }

            state.SameRun = value == state.Previous ? state.SameRun + 1 : 1;
            state.Previous = value;
            yValid[k] = Finish(state, value, out y[k]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte Finish(WindowState state, double value, out double result)
    {
        double n = state.Window;
        var sum = state.Sum + state.SumError;
        if (_kind == MomentKind.Mean)
        {
            result = state.SameRun >= state.Window ? value : state.Shift + (sum / n);
            return 1;
        }

        if (state.Window == 1)
        {
            result = 0;
            return 0;
        }

        // n * S2 - S1^2 with both products split exactly (FMA) and the compensations folded in: the
        // cancellation between the two costs no accuracy, however far the window drifted from the shift.
        var a = n * state.Squares;
        var p = state.Sum * state.Sum;
        var correction = (Math.FusedMultiplyAdd(n, state.Squares, -a) - Math.FusedMultiplyAdd(state.Sum, state.Sum, -p))
            + ((n * state.SquaresError) - (2 * state.Sum * state.SumError));
        var variance = state.SameRun >= state.Window ? 0 : ((a - p) + correction) / (n * (n - 1));
        var std = Math.Sqrt(Math.Max(variance, 0));
        if (_kind == MomentKind.Std)
        {
            result = std;
            return 1;
        }

        result = ((value - state.Shift) - (sum / n)) / std;
        return std > 0 ? (byte)1 : (byte)0;
    }

    private void Differences(double[] history, int from, int n, int window, double shift, bool squares)
    {
        ref var h = ref MemoryMarshal.GetArrayDataReference(history);
        var k = 0;
        if (_path == KernelPath.Vector256)
        {
            var vs = Vector256.Create(shift);
            for (; k <= n - 4; k += 4)
            {
                var dn = Vector256.LoadUnsafe(ref h, (nuint)(from + k)) - vs;
                var dOld = Vector256.LoadUnsafe(ref h, (nuint)(from + k - window)) - vs;
                Store(TwoDiff(dn, dOld, out var e), e, _delta, _deltaError, k);
                if (squares)
                {
                    var qn = dn * dn;
                    var qo = dOld * dOld;
                    var exact = Vector256.FusedMultiplyAdd(dn, dn, -qn) - Vector256.FusedMultiplyAdd(dOld, dOld, -qo);
                    Store(TwoDiff(qn, qo, out var eq), eq + exact, _square, _squareError, k);
                }
            }
        }
        else if (_path == KernelPath.Vector128)
        {
            var vs = Vector128.Create(shift);
            for (; k <= n - 2; k += 2)
            {
                var dn = Vector128.LoadUnsafe(ref h, (nuint)(from + k)) - vs;
                var dOld = Vector128.LoadUnsafe(ref h, (nuint)(from + k - window)) - vs;
                Store(TwoDiff(dn, dOld, out var e), e, _delta, _deltaError, k);
                if (squares)
                {
                    var qn = dn * dn;
                    var qo = dOld * dOld;
                    var exact = Vector128.FusedMultiplyAdd(dn, dn, -qn) - Vector128.FusedMultiplyAdd(dOld, dOld, -qo);
                    Store(TwoDiff(qn, qo, out var eq), eq + exact, _square, _squareError, k);
                }
            }
        }

        for (; k < n; k++)
        {
            var dn = history[from + k] - shift;
            var dOld = history[from + k - window] - shift;
            _delta[k] = Compensated.Difference(dn, dOld, out _deltaError[k]);
            if (squares)
            {
                var qn = dn * dn;
                var qo = dOld * dOld;
                var exact = Math.FusedMultiplyAdd(dn, dn, -qn) - Math.FusedMultiplyAdd(dOld, dOld, -qo);
                _square[k] = Compensated.Difference(qn, qo, out var eq);
                _squareError[k] = eq + exact;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> TwoDiff(Vector256<double> a, Vector256<double> b, out Vector256<double> error)
    {
        var nb = -b;
        var s = a + nb;
        var z = s - a;
        error = (a - (s - z)) + (nb - z);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> TwoDiff(Vector128<double> a, Vector128<double> b, out Vector128<double> error)
    {
        var nb = -b;
        var s = a + nb;
        var z = s - a;
        error = (a - (s - z)) + (nb - z);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<double> value, Vector256<double> error, double[] values, double[] errors, int k)
    {
        value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(values), (nuint)k);
        error.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(errors), (nuint)k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<double> value, Vector128<double> error, double[] values, double[] errors, int k)
    {
        value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(values), (nuint)k);
        error.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(errors), (nuint)k);
    }

    /// <summary>Moves the last window rows to the front, re-shifts to their mean and recomputes the sums.</summary>
    private static void Recenter(WindowState state)
    {
        var history = state.History;
        var window = state.Window;
        history.AsSpan(state.Length - window, window).CopyTo(history);
        state.Length = window;
        var total = 0.0;
        for (var i = 0; i < window; i++)
        {
            total += history[i];
        }

        state.Shift = total / window;
        state.Sum = state.SumError = state.Squares = state.SquaresError = 0;
        for (var i = 0; i < window; i++)
        {
            var d = history[i] - state.Shift;
            Compensated.Add(ref state.Sum, ref state.SumError, d, 0);
            var q = d * d;
            Compensated.Add(ref state.Squares, ref state.SquaresError, q, Math.FusedMultiplyAdd(d, d, -q));
        }
    }

    private void EnsureScratch(int length)
    {
        if (_delta.Length < length)
        {
            _delta = new double[length];
            _deltaError = new double[length];
            _square = new double[length];
            _squareError = new double[length];
        }
    }
}
