using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Otters.Kernels;

/// <summary>
/// Turns a window's running sums into the mean, std or z-score. Rows are independent here, so it runs
/// in vectors; the scalar form (<see cref="One"/>) performs the same IEEE operations in the same order,
/// so every path gives the same bits.
/// </summary>
internal static class MomentResults
{
    /// <summary>Computes the results of a stretch of rows whose window is full.</summary>
    /// <param name="kind">What to compute.</param>
    /// <param name="path">The resolved instruction set.</param>
    /// <param name="window">The window.</param>
    /// <param name="shift">The shift of the sums.</param>
    /// <param name="values">The current values.</param>
    /// <param name="sums">The sums of shifted values after each row.</param>
    /// <param name="sumErrors">Their compensations.</param>
    /// <param name="squares">The sums of squared shifted values after each row (std and z-score).</param>
    /// <param name="squareErrors">Their compensations.</param>
    /// <param name="constant">1 where the whole window holds one value, else 0.</param>
    /// <param name="y">Receives the results.</param>
    /// <param name="yValid">Receives the flags.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(MomentKind kind, KernelPath path, int window, double shift, ReadOnlySpan<double> values, ReadOnlySpan<double> sums, ReadOnlySpan<double> sumErrors, ReadOnlySpan<double> squares, ReadOnlySpan<double> squareErrors, ReadOnlySpan<double> constant, Span<double> y, Span<byte> yValid)
    {
        var k = 0;
        if (path == KernelPath.Vector256 && window > 1)
        {
            ref var v = ref MemoryMarshal.GetReference(values);
            ref var s = ref MemoryMarshal.GetReference(sums);
            ref var e = ref MemoryMarshal.GetReference(sumErrors);
            ref var q = ref MemoryMarshal.GetReference(squares);
            ref var qe = ref MemoryMarshal.GetReference(squareErrors);
            ref var c = ref MemoryMarshal.GetReference(constant);
            ref var yr = ref MemoryMarshal.GetReference(y);
            var vShift = Vector256.Create(shift);
            var vn = Vector256.Create((double)window);
            var vInverse = Vector256.Create(1.0 / window);
            var vDivisor = Vector256.Create((double)window * (window - 1));
            var two = Vector256.Create(2.0);
            var one = Vector256<double>.One;
            for (; k <= values.Length - 4; k += 4)
            {
                var i = (nuint)k;
                var value = Vector256.LoadUnsafe(ref v, i);
                var sum = Vector256.LoadUnsafe(ref s, i);
                var sumError = Vector256.LoadUnsafe(ref e, i);
                var isConstant = Vector256.Equals(Vector256.LoadUnsafe(ref c, i), one);
                if (kind == MomentKind.Mean)
                {
                    Vector256.ConditionalSelect(isConstant, value, vShift + ((sum + sumError) * vInverse)).StoreUnsafe(ref yr, i);
                    continue;
                }

                var sq = Vector256.LoadUnsafe(ref q, i);
                var sqError = Vector256.LoadUnsafe(ref qe, i);
                var a = vn * sq;
                var p = sum * sum;
                var correction = (Vector256.FusedMultiplyAdd(vn, sq, -a) - Vector256.FusedMultiplyAdd(sum, sum, -p)) + ((vn * sqError) - (two * sum * sumError));
                var variance = Vector256.ConditionalSelect(isConstant, Vector256<double>.Zero, ((a - p) + correction) / vDivisor);
                variance = Vector256.ConditionalSelect(Vector256.LessThan(variance, Vector256<double>.Zero), Vector256<double>.Zero, variance);
                var std = Vector256.Sqrt(variance);
                if (kind == MomentKind.Std)
                {
                    std.StoreUnsafe(ref yr, i);
                    continue;
                }

                (((value - vShift) - ((sum + sumError) * vInverse)) / std).StoreUnsafe(ref yr, i);
                var positive = Vector256.GreaterThan(std, Vector256<double>.Zero).ExtractMostSignificantBits();
                Unsafe.WriteUnaligned(ref yValid[k], s_spread4[positive]);
            }

            if (kind != MomentKind.ZScore)
            {
                yValid[..k].Fill(1);
            }
        }

        for (; k < values.Length; k++)
        {
            yValid[k] = One(kind, window, shift, values[k], sums[k], sumErrors[k], kind == MomentKind.Mean ? 0 : squares[k], kind == MomentKind.Mean ? 0 : squareErrors[k], constant[k], out y[k]);
        }
    }

    /// <summary>Computes one row's result from its window's sums; returns its flag.</summary>
    /// <param name="kind">What to compute.</param>
    /// <param name="window">The window.</param>
    /// <param name="shift">The shift of the sums.</param>
    /// <param name="value">The current value.</param>
    /// <param name="sum">The sum of shifted values.</param>
    /// <param name="sumError">Its compensation.</param>
    /// <param name="squares">The sum of squared shifted values.</param>
    /// <param name="squaresError">Its compensation.</param>
    /// <param name="constant">1 when the whole window holds one value.</param>
    /// <param name="result">The result.</param>
    /// <returns>1 when the result is present.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte One(MomentKind kind, int window, double shift, double value, double sum, double sumError, double squares, double squaresError, double constant, out double result)
    {
        var inverse = 1.0 / window;
        if (kind == MomentKind.Mean)
        {
            result = constant == 1 ? value : shift + ((sum + sumError) * inverse);
            return 1;
        }

        if (window == 1)
        {
            result = 0;
            return 0;
        }

        // n * S2 - S1^2 with both products split exactly (FMA) and the compensations folded in: the
        // cancellation between the two costs no accuracy, however far the window drifted from the shift.
        double n = window;
        var a = n * squares;
        var p = sum * sum;
        var correction = (Math.FusedMultiplyAdd(n, squares, -a) - Math.FusedMultiplyAdd(sum, sum, -p)) + ((n * squaresError) - (2.0 * sum * sumError));
        var variance = constant == 1 ? 0 : ((a - p) + correction) / (n * (n - 1));
        variance = variance < 0 ? 0 : variance;
        var std = Math.Sqrt(variance);
        if (kind == MomentKind.Std)
        {
            result = std;
            return 1;
        }

        result = ((value - shift) - ((sum + sumError) * inverse)) / std;
        return std > 0 ? (byte)1 : (byte)0;
    }

    // Byte b of entry n is bit b of n: four comparison bits become four flags in one store.
    private static readonly uint[] s_spread4 = [.. Enumerable.Range(0, 16).Select(n => (uint)((n & 1) | ((n >> 1 & 1) << 8) | ((n >> 2 & 1) << 16) | ((n >> 3 & 1) << 24)))];
}
