using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Otters.Kernels;

/// <summary>One key's last p rows (oldest first), for <see cref="LagKernel"/>; nulls to start with.</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="periods">p.</param>
internal sealed class LagState<T>(int periods)
    where T : unmanaged
{
    /// <summary>Gets the last p values.</summary>
    public T[] Values { get; } = new T[periods];

    /// <summary>Gets the last p flags.</summary>
    public byte[] Valid { get; } = new byte[periods];
}

/// <summary>
/// pandas' <c>x.shift(p)</c>: row i gets row i - p of the same key, null for a key's first p rows.
/// A copy, so it runs as wide vector moves of values and flags.
/// </summary>
internal static class LagKernel
{
    /// <summary>Computes one key's rows.</summary>
    /// <typeparam name="T">The value type: double, long or int.</typeparam>
    /// <param name="state">The key's last p rows.</param>
    /// <param name="x">The values.</param>
    /// <param name="valid">One flag per value (never empty).</param>
    /// <param name="y">Receives the results.</param>
    /// <param name="yValid">Receives one flag per result.</param>
    /// <param name="path">The instruction set to use.</param>
    public static void Run<T>(LagState<T> state, ReadOnlySpan<T> x, ReadOnlySpan<byte> valid, Span<T> y, Span<byte> yValid, KernelPath path)
        where T : unmanaged
    {
        var p = state.Values.Length;
        var n = x.Length;
        var head = Math.Min(p, n);
        state.Values.AsSpan(0, head).CopyTo(y);
        state.Valid.AsSpan(0, head).CopyTo(yValid);
        if (n > p)
        {
            Copy(x[..(n - p)], y[p..], path);
            Copy(valid[..(n - p)], yValid[p..], path);
        }

        // Keep the last p rows: the tail of what we held, then this segment.
        if (n >= p)
        {
            x[(n - p)..].CopyTo(state.Values);
            valid[(n - p)..].CopyTo(state.Valid);
        }
        else
        {
            state.Values.AsSpan(n).CopyTo(state.Values);
            state.Valid.AsSpan(n).CopyTo(state.Valid);
            x.CopyTo(state.Values.AsSpan(p - n));
            valid.CopyTo(state.Valid.AsSpan(p - n));
        }
    }

    /// <summary>Copies with explicit vector moves of the chosen width (or one element at a time).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The source.</param>
    /// <param name="target">The target, at least as long; must not overlap the source.</param>
    /// <param name="path">The instruction set to use.</param>
    public static void Copy<T>(ReadOnlySpan<T> source, Span<T> target, KernelPath path)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(source);
        ref var s = ref MemoryMarshal.GetReference(bytes);
        ref var t = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(target));
        var n = bytes.Length;
        var i = 0;
        path = KernelPaths.Resolve(path);
        if (path == KernelPath.Vector256)
        {
            for (; i <= n - 64; i += 64)
            {
                Vector256.LoadUnsafe(ref s, (nuint)i).StoreUnsafe(ref t, (nuint)i);
                Vector256.LoadUnsafe(ref s, (nuint)(i + 32)).StoreUnsafe(ref t, (nuint)(i + 32));
            }
        }
        else if (path == KernelPath.Vector128)
        {
            for (; i <= n - 32; i += 32)
            {
                Vector128.LoadUnsafe(ref s, (nuint)i).StoreUnsafe(ref t, (nuint)i);
                Vector128.LoadUnsafe(ref s, (nuint)(i + 16)).StoreUnsafe(ref t, (nuint)(i + 16));
            }
        }

        if (path == KernelPath.Scalar)
        {
            var sourceValues = MemoryMarshal.Cast<byte, T>(bytes);
            var targetValues = target;
            for (var k = 0; k < sourceValues.Length; k++)
            {
                targetValues[k] = sourceValues[k];
            }

            return;
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref t, i) = Unsafe.Add(ref s, i);
        }
    }
}
