using System.Runtime.CompilerServices;

namespace Otters.Kernels;

/// <summary>Error-free transformations for compensated (Neumaier-style) running sums.</summary>
internal static class Compensated
{
    /// <summary>Adds <paramref name="value"/> to a compensated sum: the rounding error goes to <paramref name="error"/>.</summary>
    /// <param name="sum">The running sum.</param>
    /// <param name="error">The running compensation.</param>
    /// <param name="value">The value to add.</param>
    /// <param name="valueError">An extra error term of <paramref name="value"/> to fold into the compensation.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(ref double sum, ref double error, double value, double valueError)
    {
        // Knuth's branch-free TwoSum: only t = sum + value sits on the dependency chain.
        var t = sum + value;
        var z = t - sum;
        error += ((sum - (t - z)) + (value - z)) + valueError;
        sum = t;
    }

    /// <summary>Returns a - b rounded, and its exact rounding error.</summary>
    /// <param name="a">The minuend.</param>
    /// <param name="b">The subtrahend.</param>
    /// <param name="error">The error: (a - b) - result, exactly.</param>
    /// <returns>The rounded difference.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Difference(double a, double b, out double error)
    {
        var nb = -b;
        var s = a + nb;
        var z = s - a;
        error = (a - (s - z)) + (nb - z);
        return s;
    }

    /// <summary>
    /// The same as <see cref="Add"/>, bit for bit, with the four subtractions off the dependency chain done
    /// as fused multiply-adds by -1 (exact products, one rounding: the same result as a subtraction). On
    /// cores whose adders and multipliers are separate pipes (AMD Zen) this splits a sequential pass of
    /// running sums over both kinds, instead of queueing every operation on the two adders.
    /// </summary>
    /// <param name="sum">The running sum.</param>
    /// <param name="error">The running compensation.</param>
    /// <param name="value">The value to add.</param>
    /// <param name="valueError">An extra error term of <paramref name="value"/> to fold into the compensation.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSpread(ref double sum, ref double error, double value, double valueError)
    {
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            // Software fused multiply-add would be far slower than the plain subtractions it stands for.
            Add(ref sum, ref error, value, valueError);
            return;
        }

        var t = sum + value;
        var z = Math.FusedMultiplyAdd(sum, -1.0, t);
        var back = Math.FusedMultiplyAdd(z, -1.0, t);
        error += ((Math.FusedMultiplyAdd(back, -1.0, sum)) + Math.FusedMultiplyAdd(z, -1.0, value)) + valueError;
        sum = t;
    }
}
