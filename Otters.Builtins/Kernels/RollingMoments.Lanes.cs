using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Otters.Kernels;

/// <summary>
/// Std and z-score over several keys side by side: each of four vector lanes walks one key's grouped rows,
/// so the running sums, one add per row on a single key's dependency chain, advance four keys per
/// instruction. Each lane runs a key's rows as <see cref="RunValid"/> does (the same filling, slides between
/// recenterings, and recentering at the same rows), and per row a lane performs the operations of
/// <see cref="Differences"/>, the sliding pass and <see cref="MomentResults.Compute"/>, in the same order, so
/// every result bit is unchanged; fused, a row's differences and sums never go through scratch memory.
/// A lane whose key has no rows left walks a dummy history and writes to a dummy slot.
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
        var oneLong = Vector256<long>.One;
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
                for (nint s = 0; s < steps; s++)
                {
                    var current = Vector256.Create(h0[s], h1[s], h2[s], h3[s]);
                    var leaving = Vector256.Create(h0[s - w], h1[s - w], h2[s - w], h3[s - w]);

                    // Differences.
                    var dn = current - shift;
                    var dOld = leaving - shift;
                    var delta = TwoDiff(dn, dOld, out var deltaError);
                    var qn = dn * dn;
                    var qo = dOld * dOld;
                    var exact = Vector256.FusedMultiplyAdd(dn, dn, -qn) - Vector256.FusedMultiplyAdd(dOld, dOld, -qo);
                    var square = TwoDiff(qn, qo, out var eq);
                    var squareError = eq + exact;

                    // The sliding pass: Compensated.Add (bit for bit AddSpread) in each lane.
                    var t = sum + delta;
                    var z = t - sum;
                    sumError += ((sum - (t - z)) + (delta - z)) + deltaError;
                    sum = t;
                    t = sq + square;
                    z = t - sq;
                    sqError += ((sq - (t - z)) + (square - z)) + squareError;
                    sq = t;
                    sameRun = Vector256.ConditionalSelect(Vector256.Equals(current, before).AsInt64(), sameRun + oneLong, oneLong);
                    before = current;
                    var isConstant = Vector256.GreaterThanOrEqual(sameRun, vWindow).AsDouble();

                    // MomentResults.Compute.
                    var a = vn * sq;
                    var p = sum * sum;
                    var correction = (Vector256.FusedMultiplyAdd(vn, sq, -a) - Vector256.FusedMultiplyAdd(sum, sum, -p)) + ((vn * sqError) - (two * sum * sumError));
                    var variance = Vector256.ConditionalSelect(isConstant, Vector256<double>.Zero, ((a - p) + correction) / vDivisor);
                    variance = Vector256.ConditionalSelect(Vector256.LessThan(variance, Vector256<double>.Zero), Vector256<double>.Zero, variance);
                    var result = Vector256.Sqrt(variance);
                    if (zscore)
                    {
                        var positive = Vector256.GreaterThan(result, Vector256<double>.Zero).ExtractMostSignificantBits();
                        result = (dn - ((sum + sumError) * vInverse)) / result;
                        if (positive != 0b1111)
                        {
                            f[0][s] = (byte)(positive & 1);
                            f[1][s] = (byte)((positive >> 1) & 1);
                            f[2][s] = (byte)((positive >> 2) & 1);
                            f[3][s] = (byte)(positive >> 3);
                        }
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
