using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Otters.Kernels;

/// <summary>
/// The vectorized first pass: each sliding row's entering-minus-leaving deviation (and square), split
/// exactly, and whether it equals the row before it (so the sequential pass reads scratch only).
/// </summary>
internal sealed partial class RollingMoments
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Differences(ReadOnlySpan<double> history, int from, int n, int window, double shift)
    {
        if ((uint)(from + n) > (uint)history.Length || from < window)
        {
            throw new ArgumentOutOfRangeException(nameof(from), "The rows and the window before them must lie inside the history.");
        }

        ref var h = ref MemoryMarshal.GetReference(history);
        ref var delta = ref Area(Delta);
        ref var deltaError = ref Area(DeltaError);
        ref var square = ref Area(Square);
        ref var squareError = ref Area(SquareError);
        ref var same = ref Area(Constant);
        var k = 0;
        if (_path == KernelPath.Vector256)
        {
            var vs = Vector256.Create(shift);
            for (; k <= n - 4; k += 4)
            {
                var current = Vector256.LoadUnsafe(ref h, (nuint)(from + k));
                var dn = current - vs;
                var dOld = Vector256.LoadUnsafe(ref h, (nuint)(from + k - window)) - vs;
                Store(TwoDiff(dn, dOld, out var e), e, ref delta, ref deltaError, k);
                var qn = dn * dn;
                var qo = dOld * dOld;
                var exact = Vector256.FusedMultiplyAdd(dn, dn, -qn) - Vector256.FusedMultiplyAdd(dOld, dOld, -qo);
                Store(TwoDiff(qn, qo, out var eq), eq + exact, ref square, ref squareError, k);
                var before = Vector256.LoadUnsafe(ref h, (nuint)(from + k - 1));
                (Vector256.Equals(current, before) & Vector256<double>.One).StoreUnsafe(ref same, (nuint)k);
            }
        }
        else if (_path == KernelPath.Vector128)
        {
            var vs = Vector128.Create(shift);
            for (; k <= n - 2; k += 2)
            {
                var current = Vector128.LoadUnsafe(ref h, (nuint)(from + k));
                var dn = current - vs;
                var dOld = Vector128.LoadUnsafe(ref h, (nuint)(from + k - window)) - vs;
                Store(TwoDiff(dn, dOld, out var e), e, ref delta, ref deltaError, k);
                var qn = dn * dn;
                var qo = dOld * dOld;
                var exact = Vector128.FusedMultiplyAdd(dn, dn, -qn) - Vector128.FusedMultiplyAdd(dOld, dOld, -qo);
                Store(TwoDiff(qn, qo, out var eq), eq + exact, ref square, ref squareError, k);
                var before = Vector128.LoadUnsafe(ref h, (nuint)(from + k - 1));
                (Vector128.Equals(current, before) & Vector128<double>.One).StoreUnsafe(ref same, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            var dn = history[from + k] - shift;
            var dOld = history[from + k - window] - shift;
            Unsafe.Add(ref delta, k) = Compensated.Difference(dn, dOld, out Unsafe.Add(ref deltaError, k));
            var qn = dn * dn;
            var qo = dOld * dOld;
            var exact = Math.FusedMultiplyAdd(dn, dn, -qn) - Math.FusedMultiplyAdd(dOld, dOld, -qo);
            Unsafe.Add(ref square, k) = Compensated.Difference(qn, qo, out var eq);
            Unsafe.Add(ref squareError, k) = eq + exact;
            Unsafe.Add(ref same, k) = history[from + k] == history[from + k - 1] ? 1 : 0;
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
    private static void Store(Vector256<double> value, Vector256<double> error, ref double values, ref double errors, int k)
    {
        value.StoreUnsafe(ref values, (nuint)k);
        error.StoreUnsafe(ref errors, (nuint)k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<double> value, Vector128<double> error, ref double values, ref double errors, int k)
    {
        value.StoreUnsafe(ref values, (nuint)k);
        error.StoreUnsafe(ref errors, (nuint)k);
    }
}
