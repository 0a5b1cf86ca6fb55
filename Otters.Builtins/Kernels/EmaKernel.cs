using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
/// y kept when x equals it), so results match pandas bit for bit. Sequential within a key: each row
/// depends on the previous result, so vectors only help across keys (see <see cref="RunLanes"/>).
/// </summary>
internal sealed partial class EmaKernel
{
    private readonly double _alpha;
    private readonly double _oldWeight;
    private readonly double _divisor;
    private readonly KernelPath _path;

    /// <summary>Initializes the kernel.</summary>
    /// <param name="span">The span, at least 1.</param>
    /// <param name="path">The instruction set for <see cref="RunLanes"/>; the other methods are scalar.</param>
    public EmaKernel(int span, KernelPath path = KernelPath.Scalar)
    {
        _path = KernelPaths.Resolve(path);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// Computes a batch's rows of every key at once, in input order: each row updates its key's average in
    /// a small array indexed by batch-local id. Per key the operations are those of <see cref="Run"/>, in
    /// the same order, so results are identical; but no gather or scatter is needed, and the keys'
    /// dependency chains interleave instead of running one after another.
    /// </summary>
    /// <param name="states">The state of each batch-local key id.</param>
    /// <param name="codes">Each row's key id, or -1 for a null key (its result is null).</param>
    /// <param name="x">The values.</param>
    /// <param name="valid">One flag per value, or empty when all are present.</param>
    /// <param name="y">Receives the results.</param>
    /// <param name="yValid">Receives one flag per result.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunInputOrder(ReadOnlySpan<EmaState> states, ReadOnlySpan<int> codes, ReadOnlySpan<double> x, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid)
    {
        var keys = states.Length;
        if (codes.Length != x.Length || y.Length < x.Length || yValid.Length < x.Length || (!valid.IsEmpty && valid.Length < x.Length))
        {
            throw new ArgumentException("Codes, values, flags and results must have one element per row.");
        }

        // Slot keys holds the null key: it never takes a value, so its rows stay null.
        Span<double> weights = keys < 256 ? stackalloc double[keys + 1] : new double[keys + 1];
        Span<byte> has = keys < 256 ? stackalloc byte[keys + 1] : new byte[keys + 1];
        for (var k = 0; k < keys; k++)
        {
            weights[k] = states[k].Weighted;
            has[k] = states[k].HasValue ? (byte)1 : (byte)0;
        }

        weights[keys] = 0;
        has[keys] = 0;
        var alpha = _alpha;
        var oldWeight = _oldWeight;
        var divisor = _divisor;
        var divide = divisor != 1.0;
        ref var w0 = ref MemoryMarshal.GetReference(weights);
        ref var h0 = ref MemoryMarshal.GetReference(has);
        ref var c0 = ref MemoryMarshal.GetReference(codes);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var v0 = ref MemoryMarshal.GetReference(valid);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        ref var f0 = ref MemoryMarshal.GetReference(yValid);
        var all = valid.IsEmpty;
        for (nint i = 0; i < x.Length; i++)
        {
            var code = Unsafe.Add(ref c0, i);
            var k = (uint)code < (uint)keys ? code : keys;
            ref var weighted = ref Unsafe.Add(ref w0, k);
            ref var seen = ref Unsafe.Add(ref h0, k);
            if (k != keys && (all || Unsafe.Add(ref v0, i) != 0))
            {
                var current = Unsafe.Add(ref x0, i);
                if (seen == 0)
                {
                    weighted = current;
                    seen = 1;
                }
                else if (weighted != current)
                {
                    var next = (oldWeight * weighted) + (alpha * current);
                    if (divide)
                    {
                        next /= divisor;
                    }

                    weighted = next;
                }
            }

            Unsafe.Add(ref y0, i) = weighted;
            Unsafe.Add(ref f0, i) = seen;
        }

        for (var k = 0; k < keys; k++)
        {
            states[k].Weighted = weights[k];
            states[k].HasValue = has[k] != 0;
        }
    }
}
