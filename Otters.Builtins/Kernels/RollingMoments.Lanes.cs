using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Otters.Kernels;

/// <summary>
/// Std and z-score over several keys side by side: each of four vector lanes walks one key's grouped rows,
/// so the running sums, one add per row on a single key's dependency chain, advance four keys per
/// instruction. Each lane runs a key's rows as <see cref="RunValid"/> does (the same filling, slides between
/// recenterings, and recentering at the same rows), and per row a lane performs the operations of
/// <see cref="Differences"/>, the sliding pass and <see cref="MomentResults.Compute"/>, in the same order, so
/// every result bit is unchanged; fused, a row's differences and sums never go through scratch memory.
/// A lane whose key has no rows left walks a dummy history of zeros and writes to dummy results.
/// </summary>
internal sealed partial class RollingMoments
{
    private const int Lanes = 4;
    private double[] _idleHistory = [];
    private double[] _idleResult = [];
    private byte[] _idleFlags = [];
    private int[] _done = [];

    /// <summary>Returns whether <see cref="RunLanes"/> computes this kernel's rows (when none is null): std or z-score on the 256-bit path, a window above 1.</summary>
    /// <param name="window">The window.</param>
    /// <returns>Whether the lanes apply.</returns>
    public bool CanRunLanes(int window) => _kind != MomentKind.Mean && _path == KernelPath.Vector256 && window > 1;

    /// <summary>Computes the grouped rows of every key, four keys at a time.</summary>
    /// <param name="states">The state of each key.</param>
    /// <param name="offsets">Where each key's rows start; one entry more than keys.</param>
    /// <param name="x">The grouped values, all present.</param>
    /// <param name="y">Receives the grouped results.</param>
    /// <param name="yValid">Receives the grouped flags.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void RunLanes(ReadOnlySpan<WindowState> states, ReadOnlySpan<int> offsets, ReadOnlySpan<double> x, Span<double> y, Span<byte> yValid)
    {
        var keys = states.Length;
        if (offsets.Length < keys + 1 || x.Length < offsets[keys] || y.Length < offsets[keys] || yValid.Length < offsets[keys])
        {
            ThrowShort();
        }

        if (keys == 0)
        {
            return;
        }

        var window = states[0].Window;
        var capacity = states[0].History.Length;
        var done = Scratch.Ensure(ref _done, keys);
        done.Clear();
        var zscore = _kind == MomentKind.ZScore;
        var nextKey = 0;

        // An idle lane walks zeros and writes to dummies as long as the longest slide (a history's capacity).
        if (_idleResult.Length < capacity)
        {
            _idleHistory = GC.AllocateArray<double>(window + capacity, pinned: true);
            _idleResult = GC.AllocateArray<double>(capacity, pinned: true);
            _idleFlags = GC.AllocateArray<byte>(capacity, pinned: true);
        }

        // Per lane: its key (-1 idle), rows left in its slide, and where its history, results and flags are at.
        Span<int> key = stackalloc int[Lanes];
        Span<int> remaining = stackalloc int[Lanes];
        double** h = stackalloc double*[Lanes];
        double** r = stackalloc double*[Lanes];
        byte** f = stackalloc byte*[Lanes];
        var sum = Vector256<double>.Zero;
        var sumError = Vector256<double>.Zero;
        var sq = Vector256<double>.Zero;
        var sqError = Vector256<double>.Zero;
        var shift = Vector256<double>.Zero;
        var before = Vector256<double>.Zero;
        var sameRun = Vector256<long>.Zero;
        var vWindow = Vector256.Create((long)window);
        var vn = Vector256.Create((double)window);
        var vInverse = Vector256.Create(1.0 / window);
        var vDivisor = Vector256.Create((double)window * (window - 1));
        var two = Vector256.Create(2.0);
        key.Fill(-1);
        fixed (double* yBase = y)
        fixed (byte* fBase = yValid)
        {
            var idleHistory = (double*)Unsafe.AsPointer(ref _idleHistory[window]);
            var idleResult = (double*)Unsafe.AsPointer(ref _idleResult[0]);
            var idleFlags = (byte*)Unsafe.AsPointer(ref _idleFlags[0]);
            while (true)
            {
                // Start a slide in every lane that has none: the next of its key, or of the next key.
                var active = 0;
                var steps = int.MaxValue;
                for (var lane = 0; lane < Lanes; lane++)
                {
                    var k = key[lane];
                    if (k >= 0 && remaining[lane] > 0)
                    {
                        active++;
                        steps = Math.Min(steps, remaining[lane]);
                        continue;
                    }

                    while (true)
                    {
                        if (k < 0)
                        {
                            if (nextKey == keys)
                            {
                                break;
                            }

                            k = nextKey++;
                        }

                        var start = offsets[k];
                        var length = offsets[k + 1] - start;
                        if (NextSlide(states[k], x.Slice(start, length), y.Slice(start, length), yValid.Slice(start, length), ref done[k], out var from, out var n, out var at))
                        {
                            var state = states[k];
                            h[lane] = (double*)Unsafe.AsPointer(ref state.History[from]);
                            r[lane] = yBase + start + at;
                            f[lane] = fBase + start + at;
                            remaining[lane] = n;

                            // Every sliding std is present; a z-score only where the std is positive, patched below.
                            new Span<byte>(f[lane], n).Fill(1);
                            sum = sum.WithElement(lane, state.Sum);
                            sumError = sumError.WithElement(lane, state.SumError);
                            sq = sq.WithElement(lane, state.Squares);
                            sqError = sqError.WithElement(lane, state.SquaresError);
                            shift = shift.WithElement(lane, state.Shift);
                            before = before.WithElement(lane, h[lane][-1]);
                            sameRun = sameRun.WithElement(lane, (long)state.SameRun);
                            active++;
                            steps = Math.Min(steps, n);
                            break;
                        }

                        k = -1;
                    }

                    key[lane] = k;
                    if (k < 0)
                    {
                        h[lane] = idleHistory;
                        r[lane] = idleResult;
                        f[lane] = idleFlags;
                    }
                }

                if (active == 0)
                {
                    return;
                }

                var h0 = h[0];
                var h1 = h[1];
                var h2 = h[2];
                var h3 = h[3];
                var r0 = r[0];
                var r1 = r[1];
                var r2 = r[2];
                var r3 = r[3];
                var w = (nint)window;
                nint s = 0;
                if (Avx.IsSupported)
                {
                    // Four rows of every lane per round: one load per lane, transposed into four steps of four
                    // lanes, and the four steps' results transposed back into one store per lane.
                    for (; s <= steps - 4; s += 4)
                    {
                        LaneTranspose.Transpose(Vector256.Load(h0 + s), Vector256.Load(h1 + s), Vector256.Load(h2 + s), Vector256.Load(h3 + s), out var c0, out var c1, out var c2, out var c3);
                        LaneTranspose.Transpose(Vector256.Load(h0 + s - w), Vector256.Load(h1 + s - w), Vector256.Load(h2 + s - w), Vector256.Load(h3 + s - w), out var l0, out var l1, out var l2, out var l3);
                        var y0 = LaneStep(c0, l0, shift, ref before, ref sum, ref sumError, ref sq, ref sqError, ref sameRun, vWindow, vn, vInverse, vDivisor, two, zscore, out var p0);
                        var y1 = LaneStep(c1, l1, shift, ref before, ref sum, ref sumError, ref sq, ref sqError, ref sameRun, vWindow, vn, vInverse, vDivisor, two, zscore, out var p1);
                        var y2 = LaneStep(c2, l2, shift, ref before, ref sum, ref sumError, ref sq, ref sqError, ref sameRun, vWindow, vn, vInverse, vDivisor, two, zscore, out var p2);
                        var y3 = LaneStep(c3, l3, shift, ref before, ref sum, ref sumError, ref sq, ref sqError, ref sameRun, vWindow, vn, vInverse, vDivisor, two, zscore, out var p3);
                        if ((p0 & p1 & p2 & p3) != 0b1111)
                        {
                            PatchFlags(f, s, p0);
                            PatchFlags(f, s + 1, p1);
                            PatchFlags(f, s + 2, p2);
                            PatchFlags(f, s + 3, p3);
                        }

                        LaneTranspose.Transpose(y0, y1, y2, y3, out var o0, out var o1, out var o2, out var o3);
                        o0.Store(r0 + s);
                        o1.Store(r1 + s);
                        o2.Store(r2 + s);
                        o3.Store(r3 + s);
                    }
                }

                for (; s < steps; s++)
                {
                    var current = Vector256.Create(h0[s], h1[s], h2[s], h3[s]);
                    var leaving = Vector256.Create(h0[s - w], h1[s - w], h2[s - w], h3[s - w]);
                    var result = LaneStep(current, leaving, shift, ref before, ref sum, ref sumError, ref sq, ref sqError, ref sameRun, vWindow, vn, vInverse, vDivisor, two, zscore, out var positive);
                    if (positive != 0b1111)
                    {
                        PatchFlags(f, s, positive);
                    }

                    r0[s] = result.GetElement(0);
                    r1[s] = result.GetElement(1);
                    r2[s] = result.GetElement(2);
                    r3[s] = result.GetElement(3);
                }

                for (var lane = 0; lane < Lanes; lane++)
                {
                    if (key[lane] < 0)
                    {
                        continue;
                    }

                    h[lane] += steps;
                    r[lane] += steps;
                    f[lane] += steps;
                    remaining[lane] -= steps;
                    if (remaining[lane] == 0)
                    {
                        var state = states[key[lane]];
                        state.Sum = sum.GetElement(lane);
                        state.SumError = sumError.GetElement(lane);
                        state.Squares = sq.GetElement(lane);
                        state.SquaresError = sqError.GetElement(lane);
                        state.SameRun = (int)sameRun.GetElement(lane);
                        state.Previous = h[lane][-1];
                    }
                }
            }
        }
    }

    /// <summary>
    /// One row of each lane: the operations of <see cref="Differences"/>, the sliding pass (Compensated.Add,
    /// bit for bit AddSpread) and <see cref="MomentResults.Compute"/>, in their order. Returns the results;
    /// <paramref name="positive"/> has a bit per lane whose result is present.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LaneStep(Vector256<double> current, Vector256<double> leaving, Vector256<double> shift, ref Vector256<double> before, ref Vector256<double> sum, ref Vector256<double> sumError, ref Vector256<double> sq, ref Vector256<double> sqError, ref Vector256<long> sameRun, Vector256<long> vWindow, Vector256<double> vn, Vector256<double> vInverse, Vector256<double> vDivisor, Vector256<double> two, bool zscore, out uint positive)
    {
        var dn = current - shift;
        var dOld = leaving - shift;
        var delta = TwoDiff(dn, dOld, out var deltaError);
        var qn = dn * dn;
        var qo = dOld * dOld;
        var exact = Vector256.FusedMultiplyAdd(dn, dn, -qn) - Vector256.FusedMultiplyAdd(dOld, dOld, -qo);
        var square = TwoDiff(qn, qo, out var eq);
        var squareError = eq + exact;

        AddLanes(ref sum, ref sumError, delta, deltaError);
        AddLanes(ref sq, ref sqError, square, squareError);
        sameRun = Vector256.ConditionalSelect(Vector256.Equals(current, before).AsInt64(), sameRun + Vector256<long>.One, Vector256<long>.One);
        before = current;
        var isConstant = Vector256.GreaterThanOrEqual(sameRun, vWindow).AsDouble();

        var sums = sum;
        var squares = sq;
        var a = vn * squares;
        var p = sums * sums;
        var correction = (Vector256.FusedMultiplyAdd(vn, squares, -a) - Vector256.FusedMultiplyAdd(sums, sums, -p)) + ((vn * sqError) - (two * sums * sumError));
        var variance = Vector256.ConditionalSelect(isConstant, Vector256<double>.Zero, ((a - p) + correction) / vDivisor);
        variance = Vector256.ConditionalSelect(Vector256.LessThan(variance, Vector256<double>.Zero), Vector256<double>.Zero, variance);
        var std = Vector256.Sqrt(variance);
        if (!zscore)
        {
            positive = 0b1111;
            return std;
        }

        positive = Vector256.GreaterThan(std, Vector256<double>.Zero).ExtractMostSignificantBits();
        return (dn - ((sums + sumError) * vInverse)) / std;
    }

    /// <summary>Writes one row's flag in each lane from its bit (the flags were filled with 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PatchFlags(byte** f, nint s, uint positive)
    {
        f[0][s] = (byte)(positive & 1);
        f[1][s] = (byte)((positive >> 1) & 1);
        f[2][s] = (byte)((positive >> 2) & 1);
        f[3][s] = (byte)(positive >> 3);
    }

    /// <summary>Runs a key's rows as <see cref="RunValid"/> does up to its next slide, and returns that slide's rows (false when the key has none left).</summary>
    private bool NextSlide(WindowState state, ReadOnlySpan<double> x, Span<double> y, Span<byte> yValid, ref int done, out int from, out int n, out int at)
    {
        var history = state.History;
        var window = state.Window;
        while (done < x.Length)
        {
            if (state.Length == history.Length)
            {
                Recenter(state);
            }

            var take = Math.Min(history.Length - state.Length, x.Length - done);
            var start = state.Length;
            x.Slice(done, take).CopyTo(history[start..]);
            state.Length += take;
            var j = start;
            var end = start + take;
            for (; j < end && state.Count < window; j++, done++)
            {
                Fill(state, history[j], ref y[done], ref yValid[done]);
            }

            if (j < end)
            {
                from = j;
                n = end - j;
                at = done;
                done += n;
                return true;
            }
        }

        from = n = at = 0;
        return false;
    }
}
