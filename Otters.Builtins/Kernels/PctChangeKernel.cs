using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Otters.Kernels;

/// <summary>One key's last row, for <see cref="PctChangeKernel"/>.</summary>
internal sealed class PreviousValue
{
    /// <summary>Gets or sets the last value.</summary>
    public double Value { get; set; }

    /// <summary>Gets or sets a value indicating whether the last row was present.</summary>
    public bool IsValid { get; set; }
}

/// <summary>
/// pandas' <c>x / x.shift(1) - 1</c> with no filling: null at a null row and the row after it, null for
/// 0/0 (pandas' NaN, which pandas shows as missing), and ±infinity for x/0 with x ≠ 0, as in pandas.
/// Rows are independent once the previous value is known, so the division is vectorized.
/// </summary>
internal static class PctChangeKernel
{
    // Byte b of entry n is bit b of n: four comparison bits become four flags in one store.
    private static readonly uint[] s_spread4 = [.. Enumerable.Range(0, 16).Select(n => (uint)((n & 1) | ((n >> 1 & 1) << 8) | ((n >> 2 & 1) << 16) | ((n >> 3 & 1) << 24)))];

    /// <summary>Computes one key's rows.</summary>
    /// <param name="state">The key's previous row.</param>
    /// <param name="x">The values.</param>
    /// <param name="valid">One flag per value, or empty when all are present.</param>
    /// <param name="y">Receives the results.</param>
    /// <param name="yValid">Receives one flag per result.</param>
    /// <param name="path">The instruction set to use.</param>
    public static void Run(PreviousValue state, ReadOnlySpan<double> x, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid, KernelPath path)
    {
        if (x.IsEmpty)
        {
            return;
        }

        var first = x[0] / state.Value - 1;
        y[0] = first;
        yValid[0] = (byte)(state.IsValid && !double.IsNaN(first) ? 1 : 0);

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var vr = ref MemoryMarshal.GetReference(yValid);
        var i = 1;
        path = KernelPaths.Resolve(path);
        if (path == KernelPath.Vector256)
        {
            var one = Vector256<double>.One;
            for (; i <= x.Length - 4; i += 4)
            {
                var r = (Vector256.LoadUnsafe(ref xr, (nuint)i) / Vector256.LoadUnsafe(ref xr, (nuint)(i - 1))) - one;
                r.StoreUnsafe(ref yr, (nuint)i);
                var present = Vector256.Equals(r, r).ExtractMostSignificantBits();
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref vr, i), s_spread4[present]);
            }
        }
        else if (path == KernelPath.Vector128)
        {
            var one = Vector128<double>.One;
            for (; i <= x.Length - 2; i += 2)
            {
                var r = (Vector128.LoadUnsafe(ref xr, (nuint)i) / Vector128.LoadUnsafe(ref xr, (nuint)(i - 1))) - one;
                r.StoreUnsafe(ref yr, (nuint)i);
                var present = Vector128.Equals(r, r).ExtractMostSignificantBits();
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref vr, i), (ushort)s_spread4[present]);
            }
        }

        for (; i < x.Length; i++)
        {
            var r = x[i] / x[i - 1] - 1;
            y[i] = r;
            yValid[i] = double.IsNaN(r) ? (byte)0 : (byte)1;
        }

        if (!valid.IsEmpty)
        {
            yValid[0] &= valid[0];
            for (var k = 1; k < x.Length; k++)
            {
                yValid[k] &= (byte)(valid[k] & valid[k - 1]);
            }
        }

        state.Value = x[^1];
        state.IsValid = valid.IsEmpty || valid[^1] != 0;
    }
}
