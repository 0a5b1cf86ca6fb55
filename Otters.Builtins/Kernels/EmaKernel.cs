namespace Otters.Kernels;

/// <summary>One key's exponential moving average so far.</summary>
internal sealed class EmaState
{
    /// <summary>Gets or sets the average; meaningful once <see cref="HasValue"/>.</summary>
    public double Weighted { get; set; }

    /// <summary>Gets or sets a value indicating whether a value was seen.</summary>
    public bool HasValue { get; set; }
}

/// <summary>
/// pandas' <c>ewm(span, adjust=False, ignore_na=True).mean()</c>, replaying its arithmetic operation by
/// operation (alpha = 1 / (1 + (span - 1) / 2), y = ((1 - alpha) * y + alpha * x) / ((1 - alpha) + alpha),
/// y kept when x equals it), so results match pandas bit for bit. Inherently sequential: each row
/// depends on the previous result, so there is no vector path.
/// </summary>
internal sealed class EmaKernel
{
    private readonly double _alpha;
    private readonly double _oldWeight;
    private readonly double _divisor;

    /// <summary>Initializes the kernel.</summary>
    /// <param name="span">The span, at least 1.</param>
    public EmaKernel(int span)
    {
        var centerOfMass = (span - 1) / 2.0;
        _alpha = 1.0 / (1.0 + centerOfMass);
        _oldWeight = 1.0 * (1.0 - _alpha);
        _divisor = _oldWeight + _alpha;
    }

    /// <summary>Computes one key's rows.</summary>
    /// <param name="state">The key's state.</param>
    /// <param name="x">The values.</param>
    /// <param name="valid">One flag per value, or empty when all are present.</param>
    /// <param name="y">Receives the results.</param>
    /// <param name="yValid">Receives one flag per result: null until the first value.</param>
    public void Run(EmaState state, ReadOnlySpan<double> x, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid)
    {
        var weighted = state.Weighted;
        var has = state.HasValue;
        var alpha = _alpha;
        var oldWeight = _oldWeight;
        var divisor = _divisor;

        // (1 - alpha) + alpha rounds to exactly 1 for most spans; dividing by 1 is the identity, so skip it.
        var divide = divisor != 1.0;
        for (var i = 0; i < x.Length; i++)
        {
            if (valid.IsEmpty || valid[i] != 0)
            {
                var current = x[i];
                if (!has)
                {
                    weighted = current;
                    has = true;
                }
                else if (weighted != current)
                {
                    weighted = (oldWeight * weighted) + (alpha * current);
                    if (divide)
                    {
                        weighted /= divisor;
                    }
                }
            }

            y[i] = weighted;
            yValid[i] = has ? (byte)1 : (byte)0;
        }

        state.Weighted = weighted;
        state.HasValue = has;
    }
}
