namespace Otters.Tests.Builtins;

/// <summary>Checks for kernels that run several keys side by side in vector lanes.</summary>
internal static class LaneChecks
{
    /// <summary>Runs one key's rows through the one-key kernel.</summary>
    /// <param name="key">The key.</param>
    /// <param name="x">Its rows.</param>
    /// <param name="y">Receives the results.</param>
    /// <param name="valid">Receives the flags.</param>
    public delegate void OneKey(int key, ReadOnlySpan<double> x, double[] y, byte[] valid);

    /// <summary>Asserts that grouped results computed in lanes equal the one-key kernel's, key by key, bit for bit.</summary>
    /// <param name="what">Names the case in a failure.</param>
    /// <param name="offsets">Where each key's rows start; one entry more than keys.</param>
    /// <param name="x">The grouped values.</param>
    /// <param name="y">The lanes' results.</param>
    /// <param name="valid">The lanes' flags.</param>
    /// <param name="runOne">The one-key kernel, with its own state per key.</param>
    public static void ShouldEqualOneKeyAtATime(string what, int[] offsets, double[] x, double[] y, byte[] valid, OneKey runOne)
    {
        for (var k = 0; k < offsets.Length - 1; k++)
        {
            var n = offsets[k + 1] - offsets[k];
            var expected = new double[n];
            var expectedValid = new byte[n];
            runOne(k, x.AsSpan(offsets[k], n), expected, expectedValid);
            for (var i = 0; i < n; i++)
            {
                var row = offsets[k] + i;
                valid[row].ShouldBe(expectedValid[i], $"{what} key {k} row {i} validity");
                if (valid[row] != 0 && BitConverter.DoubleToInt64Bits(y[row]) != BitConverter.DoubleToInt64Bits(expected[i]))
                {
                    throw new ShouldAssertException($"{what} key {k} row {i}: lanes give {y[row]:R}, one key at a time {expected[i]:R}");
                }
            }
        }
    }
}
