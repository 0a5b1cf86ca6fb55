namespace Otters.Kernels;

/// <summary>Rolling mean, std or z-score over a batch.</summary>
/// <param name="kind">What to compute.</param>
/// <param name="window">The window in rows.</param>
/// <param name="path">The instruction set to use.</param>
internal sealed class MomentStatistic(MomentKind kind, int window, KernelPath path) : DoubleStatistic<WindowState>
{
    private readonly RollingMoments _kernel = new(kind, path);

    /// <inheritdoc/>
    protected override WindowState CreateState() => new(window);

    /// <inheritdoc/>
    protected override void Run(WindowState state, ReadOnlySpan<double> x, ReadOnlySpan<double> x2, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid) =>
        _kernel.Run(state, x, valid, y, yValid);

    /// <inheritdoc/>
    protected override bool TryRunKeysTogether(ReadOnlySpan<WindowState> states, ReadOnlySpan<int> offsets, ReadOnlySpan<double> gx, ReadOnlySpan<byte> gFlags, Span<double> gy, Span<byte> gyFlags)
    {
        if (!gFlags.IsEmpty || !_kernel.CanRunLanes(window))
        {
            return false;
        }

        _kernel.RunLanes(states, offsets, gx, gy, gyFlags);
        return true;
    }
}

/// <summary>Exponential moving average over a batch.</summary>
/// <param name="span">The span.</param>
/// <param name="path">The instruction set to use.</param>
internal sealed class EmaStatistic(int span, KernelPath path) : DoubleStatistic<EmaState>
{
    private readonly EmaKernel _kernel = new(span, path);

    /// <inheritdoc/>
    protected override EmaState CreateState() => new();

    /// <inheritdoc/>
    protected override void Run(EmaState state, ReadOnlySpan<double> x, ReadOnlySpan<double> x2, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid) =>
        _kernel.Run(state, x, valid, y, yValid);

    /// <inheritdoc/>
    protected override bool TryRunInputOrder(ReadOnlySpan<EmaState> states, ReadOnlySpan<int> codes, ReadOnlySpan<double> x, ReadOnlySpan<double> x2, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid)
    {
        // Without nulls the lanes over the grouped rows (gathered once per batch for every keyed stage on
        // the column) and the gather back beat walking the rows in input order.
        if (valid.IsEmpty && _kernel.LanesPay(codes.Length, states.Length))
        {
            return false;
        }

        _kernel.RunInputOrder(states, codes, x, valid, y, yValid);
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryRunKeysTogether(ReadOnlySpan<EmaState> states, ReadOnlySpan<int> offsets, ReadOnlySpan<double> gx, ReadOnlySpan<byte> gFlags, Span<double> gy, Span<byte> gyFlags)
    {
        if (!gFlags.IsEmpty || !_kernel.LanesPay(offsets[^1], states.Length))
        {
            return false;
        }

        _kernel.RunLanes(states, offsets, gx, gy, gyFlags);
        return true;
    }
}

/// <summary>Percent change over a batch.</summary>
/// <param name="path">The instruction set to use.</param>
internal sealed class PctChangeStatistic(KernelPath path) : DoubleStatistic<PreviousValue>
{
    /// <inheritdoc/>
    protected override PreviousValue CreateState() => new();

    /// <inheritdoc/>
    protected override void Run(PreviousValue state, ReadOnlySpan<double> x, ReadOnlySpan<double> x2, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid) =>
        PctChangeKernel.Run(state, x, valid, y, yValid, path);
}

/// <summary>Volume-weighted average price over a batch.</summary>
/// <param name="window">The window in rows.</param>
internal sealed class VwapStatistic(int window) : DoubleStatistic<WindowState>
{
    /// <inheritdoc/>
    protected override WindowState CreateState() => new(window, columns: 2);

    /// <inheritdoc/>
    protected override void Run(WindowState state, ReadOnlySpan<double> x, ReadOnlySpan<double> x2, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid) =>
        VwapKernel.Run(state, x, x2, valid, y, yValid);
}
