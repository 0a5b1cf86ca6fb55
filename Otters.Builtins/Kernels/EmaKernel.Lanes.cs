using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Otters.Kernels;

/// <summary>
/// The average over several keys side by side: each of eight vector lanes (two 256-bit vectors) walks one
/// key's grouped rows. A row's result waits on the multiply and add of the row before, so one key runs at
/// that latency; eight keys in flight fill the time. Per row a lane performs the operations of
/// <see cref="Run"/> in the same order (two multiplies and an add, never fused, then the divide when the
/// divisor is not 1, the old average kept where the value equals it), so every result bit is unchanged.
/// </summary>
internal sealed partial class EmaKernel
{
    private const int Lanes = 8;

    // Rows per round at most, so an idle lane's dummy input and output stay small.
    private const int Chunk = 256;

    // Rows one lane leads the next by when they start: 72 bytes, so the lanes' rows fall in different cache sets.
    private const int Stagger = 9;

    // Rows per key below which the lanes lose: short keys end every few rows, and each end costs a refill round.
    private const int MinRowsPerKey = 64;

    /// <summary>Gets a value indicating whether <see cref="RunLanes"/> may run: the 256-bit path, on a machine with AVX.</summary>
    public bool CanRunLanes => _path == KernelPath.Vector256 && Avx.IsSupported;

    /// <summary>Returns whether <see cref="RunLanes"/> may run and should beat one key at a time: at least two keys, with enough rows each on average.</summary>
    /// <param name="rows">The rows with a key.</param>
    /// <param name="keys">The keys.</param>
    /// <returns>Whether to run the lanes.</returns>
    public bool LanesPay(int rows, int keys) => CanRunLanes && keys >= 2 && rows >= (long)MinRowsPerKey * keys;

    /// <summary>Computes the grouped rows of every key, eight keys at a time; every value must be present.</summary>
    /// <param name="states">The state of each key.</param>
    /// <param name="offsets">Where each key's rows start; one entry more than keys.</param>
    /// <param name="x">The grouped values, all present.</param>
    /// <param name="y">Receives the grouped results.</param>
    /// <param name="yValid">Receives the grouped flags (all 1: a key's first value starts its average).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void RunLanes(ReadOnlySpan<EmaState> states, ReadOnlySpan<int> offsets, ReadOnlySpan<double> x, Span<double> y, Span<byte> yValid)
    {
        var keys = states.Length;
        if (!CanRunLanes)
        {
            throw new InvalidOperationException("The EMA lanes need the 256-bit path on a machine with AVX; check CanRunLanes first.");
        }

        if (offsets.Length < keys + 1 || x.Length < offsets[keys] || y.Length < offsets[keys] || yValid.Length < offsets[keys])
        {
            throw new ArgumentException("Offsets need one entry more than states, and values, results and flags one element per grouped row.");
        }

        yValid[..offsets[keys]].Fill(1);
        var alpha = Vector256.Create(_alpha);
        var oldWeight = Vector256.Create(_oldWeight);
        var divisor = Vector256.Create(_divisor);
        var divide = _divisor != 1.0;

        // Idle lanes average zeros from a zero start (so nothing decays into subnormals) and write to a dummy.
        var idle = stackalloc double[2 * Chunk];
        new Span<double>(idle, 2 * Chunk).Clear();
        var key = stackalloc int[Lanes];
        var remaining = stackalloc int[Lanes];
        var xs = stackalloc double*[Lanes];
        var ys = stackalloc double*[Lanes];
        new Span<int>(key, Lanes).Fill(-1);
        var low = Vector256<double>.Zero;
        var high = Vector256<double>.Zero;
        var nextKey = 0;
        fixed (double* xBase = x)
        fixed (double* yBase = y)
        {
            for (var first = true; ; first = false)
            {
                var active = 0;
                var steps = Chunk;
                for (var lane = 0; lane < Lanes; lane++)
                {
                    if (key[lane] >= 0 && remaining[lane] > 0)
                    {
                        active++;
                        steps = Math.Min(steps, remaining[lane]);
                        continue;
                    }

                    if (key[lane] >= 0)
                    {
                        states[key[lane]].Weighted = lane < 4 ? low.GetElement(lane) : high.GetElement(lane - 4);
                        key[lane] = -1;
                    }

                    var weighted = 0.0;
                    while (nextKey < keys)
                    {
                        var k = nextKey++;
                        var start = offsets[k];
                        var n = offsets[k + 1] - start;

                        // The scalar kernel runs a key's first value (which starts it as is) and, in the first
                        // round, a lead that grows with the lane: keys of equal length laid out a power of two
                        // apart would otherwise have every lane load and store the same cache set each step.
                        var state = states[k];
                        var scalar = Math.Min(n, (state.HasValue ? 0 : 1) + (first ? lane * Stagger : 0));
                        if (scalar > 0)
                        {
                            Run(state, x.Slice(start, scalar), default, y.Slice(start, scalar), yValid.Slice(start, scalar));
                            start += scalar;
                            n -= scalar;
                        }

                        if (n == 0)
                        {
                            continue;
                        }

                        weighted = state.Weighted;
                        key[lane] = k;
                        xs[lane] = xBase + start;
                        ys[lane] = yBase + start;
                        remaining[lane] = n;
                        active++;
                        steps = Math.Min(steps, n);
                        break;
                    }

                    if (key[lane] < 0)
                    {
                        weighted = 0;
                        xs[lane] = idle;
                        ys[lane] = idle + Chunk;
                    }

                    if (lane < 4)
                    {
                        low = low.WithElement(lane, weighted);
                    }
                    else
                    {
                        high = high.WithElement(lane - 4, weighted);
                    }
                }

                if (active == 0)
                {
                    return;
                }

                if (active == 1)
                {
                    // The last key (idle lanes found none to take): alone in a lane it would wait on the select as
                    // well as the multiply and add each row, so the scalar kernel finishes it.
                    FinishAlone(states, key, remaining, xs, xBase, low, high, x, y, yValid);
                    return;
                }

                Advance(xs, ys, steps, ref low, ref high, alpha, oldWeight, divisor, divide);
                for (var lane = 0; lane < Lanes; lane++)
                {
                    if (key[lane] >= 0)
                    {
                        xs[lane] += steps;
                        ys[lane] += steps;
                        remaining[lane] -= steps;
                    }
                }
            }
        }
    }

    /// <summary>Runs the one active lane's remaining rows through <see cref="Run"/>.</summary>
    private unsafe void FinishAlone(ReadOnlySpan<EmaState> states, int* key, int* remaining, double** xs, double* xBase, Vector256<double> low, Vector256<double> high, ReadOnlySpan<double> x, Span<double> y, Span<byte> yValid)
    {
        for (var lane = 0; lane < Lanes; lane++)
        {
            if (key[lane] >= 0)
            {
                var state = states[key[lane]];
                state.Weighted = lane < 4 ? low.GetElement(lane) : high.GetElement(lane - 4);
                var at = (int)(xs[lane] - xBase);
                var n = remaining[lane];
                Run(state, x.Slice(at, n), default, y.Slice(at, n), yValid.Slice(at, n));
                return;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="steps"/> rows of every lane: four at a time with one load and one store per lane,
    /// then one at a time. Too large to inline, so compiled fully optimized from the first call, as its caller is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Advance(double** xs, double** ys, int steps, ref Vector256<double> low, ref Vector256<double> high, Vector256<double> alpha, Vector256<double> oldWeight, Vector256<double> divisor, bool divide)
    {
        var x0 = xs[0];
        var x1 = xs[1];
        var x2 = xs[2];
        var x3 = xs[3];
        var x4 = xs[4];
        var x5 = xs[5];
        var x6 = xs[6];
        var x7 = xs[7];
        var y0 = ys[0];
        var y1 = ys[1];
        var y2 = ys[2];
        var y3 = ys[3];
        var y4 = ys[4];
        var y5 = ys[5];
        var y6 = ys[6];
        var y7 = ys[7];
        var lo = low;
        var hi = high;
        nint s = 0;
        for (; s <= steps - 4; s += 4)
        {
            LaneTranspose.Transpose(Vector256.Load(x0 + s), Vector256.Load(x1 + s), Vector256.Load(x2 + s), Vector256.Load(x3 + s), out var a0, out var a1, out var a2, out var a3);
            LaneTranspose.Transpose(Vector256.Load(x4 + s), Vector256.Load(x5 + s), Vector256.Load(x6 + s), Vector256.Load(x7 + s), out var b0, out var b1, out var b2, out var b3);
            var r0 = lo = Step(lo, a0, alpha, oldWeight, divisor, divide);
            var q0 = hi = Step(hi, b0, alpha, oldWeight, divisor, divide);
            var r1 = lo = Step(lo, a1, alpha, oldWeight, divisor, divide);
            var q1 = hi = Step(hi, b1, alpha, oldWeight, divisor, divide);
            var r2 = lo = Step(lo, a2, alpha, oldWeight, divisor, divide);
            var q2 = hi = Step(hi, b2, alpha, oldWeight, divisor, divide);
            var r3 = lo = Step(lo, a3, alpha, oldWeight, divisor, divide);
            var q3 = hi = Step(hi, b3, alpha, oldWeight, divisor, divide);
            LaneTranspose.Transpose(r0, r1, r2, r3, out var o0, out var o1, out var o2, out var o3);
            o0.Store(y0 + s);
            o1.Store(y1 + s);
            o2.Store(y2 + s);
            o3.Store(y3 + s);
            LaneTranspose.Transpose(q0, q1, q2, q3, out var p0, out var p1, out var p2, out var p3);
            p0.Store(y4 + s);
            p1.Store(y5 + s);
            p2.Store(y6 + s);
            p3.Store(y7 + s);
        }

        for (; s < steps; s++)
        {
            lo = Step(lo, Vector256.Create(x0[s], x1[s], x2[s], x3[s]), alpha, oldWeight, divisor, divide);
            hi = Step(hi, Vector256.Create(x4[s], x5[s], x6[s], x7[s]), alpha, oldWeight, divisor, divide);
            y0[s] = lo.GetElement(0);
            y1[s] = lo.GetElement(1);
            y2[s] = lo.GetElement(2);
            y3[s] = lo.GetElement(3);
            y4[s] = hi.GetElement(0);
            y5[s] = hi.GetElement(1);
            y6[s] = hi.GetElement(2);
            y7[s] = hi.GetElement(3);
        }

        low = lo;
        high = hi;
    }

    /// <summary>One row of four lanes, as <see cref="Run"/> does it for a present value after the first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Step(Vector256<double> weighted, Vector256<double> current, Vector256<double> alpha, Vector256<double> oldWeight, Vector256<double> divisor, bool divide)
    {
        // Separate multiplies and an add: the JIT never contracts them into a fused multiply-add, which would round once instead of three times.
        var next = (oldWeight * weighted) + (alpha * current);
        if (divide)
        {
            next /= divisor;
        }

        return Vector256.ConditionalSelect(Vector256.Equals(weighted, current), weighted, next);
    }
}
