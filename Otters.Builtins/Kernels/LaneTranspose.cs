using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Otters.Kernels;

/// <summary>
/// Moves four rows of four lanes between lane-major and row-major vectors, for kernels that walk one key's
/// rows per vector lane: one load or store per lane instead of one element at a time. A shuffle, so no bit changes.
/// </summary>
internal static class LaneTranspose
{
    /// <summary>Transposes four vectors of four (requires AVX): row i of the result is element i of each input.</summary>
    /// <param name="a">The first input.</param>
    /// <param name="b">The second input.</param>
    /// <param name="c">The third input.</param>
    /// <param name="d">The fourth input.</param>
    /// <param name="w">Receives the first elements.</param>
    /// <param name="x">Receives the second elements.</param>
    /// <param name="y">Receives the third elements.</param>
    /// <param name="z">Receives the fourth elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d, out Vector256<double> w, out Vector256<double> x, out Vector256<double> y, out Vector256<double> z)
    {
        var t0 = Avx.UnpackLow(a, b);
        var t1 = Avx.UnpackHigh(a, b);
        var t2 = Avx.UnpackLow(c, d);
        var t3 = Avx.UnpackHigh(c, d);
        w = Avx.Permute2x128(t0, t2, 0x20);
        x = Avx.Permute2x128(t1, t3, 0x20);
        y = Avx.Permute2x128(t0, t2, 0x31);
        z = Avx.Permute2x128(t1, t3, 0x31);
    }
}
