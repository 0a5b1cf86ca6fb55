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
}
