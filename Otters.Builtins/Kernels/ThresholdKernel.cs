using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Otters.Kernels;

/// <summary>
/// <c>x &gt; above</c> (strict) straight into a bit-packed boolean column; a null or NaN compares false.
/// Stateless, so it runs in wide compares whose sign masks become the output bits.
/// </summary>
internal static class ThresholdKernel
{
    /// <summary>Writes one bit per value.</summary>
    /// <param name="x">The values.</param>
    /// <param name="validity">The input's validity bitmap, or empty when no value is null.</param>
    /// <param name="above">The threshold.</param>
    /// <param name="bits">Receives the LSB-first bits; at least (n + 7) / 8 bytes.</param>
    /// <param name="path">The instruction set to use.</param>
    public static void Run(ReadOnlySpan<double> x, ReadOnlySpan<byte> validity, double above, Span<byte> bits, KernelPath path)
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        var full = x.Length >> 3;
        var b = 0;
        path = KernelPaths.Resolve(path);
        if (path == KernelPath.Vector256)
        {
            var limit = Vector256.Create(above);
            for (; b < full; b++)
            {
                var i = (nuint)(b << 3);
                var lo = Vector256.GreaterThan(Vector256.LoadUnsafe(ref xr, i), limit).ExtractMostSignificantBits();
                var hi = Vector256.GreaterThan(Vector256.LoadUnsafe(ref xr, i + 4), limit).ExtractMostSignificantBits();
                bits[b] = (byte)(lo | (hi << 4));
            }
        }
        else if (path == KernelPath.Vector128)
        {
            var limit = Vector128.Create(above);
            for (; b < full; b++)
            {
                var i = (nuint)(b << 3);
                var m0 = Vector128.GreaterThan(Vector128.LoadUnsafe(ref xr, i), limit).ExtractMostSignificantBits();
                var m1 = Vector128.GreaterThan(Vector128.LoadUnsafe(ref xr, i + 2), limit).ExtractMostSignificantBits();
                var m2 = Vector128.GreaterThan(Vector128.LoadUnsafe(ref xr, i + 4), limit).ExtractMostSignificantBits();
                var m3 = Vector128.GreaterThan(Vector128.LoadUnsafe(ref xr, i + 6), limit).ExtractMostSignificantBits();
                bits[b] = (byte)(m0 | (m1 << 2) | (m2 << 4) | (m3 << 6));
            }
        }

        for (var i = b << 3; i < x.Length; i += 8)
        {
            var count = Math.Min(8, x.Length - i);
            var value = 0;
            for (var k = 0; k < count; k++)
            {
                value |= (x[i + k] > above ? 1 : 0) << k;
            }

            bits[i >> 3] = (byte)value;
        }

        if (!validity.IsEmpty)
        {
            var bytes = (x.Length + 7) >> 3;
            for (var k = 0; k < bytes; k++)
            {
                bits[k] &= validity[k];
            }
        }
    }
}
