namespace Otters;

/// <summary>Adds the mean of a column over the last rows, as pandas' <c>x.rolling(window).mean()</c>: null until a key has <c>window</c> rows and while a null is inside its window.</summary>
[Stage("rolling_mean")]
public sealed class RollingMeanStage : ColumnStatisticStage
{
    /// <summary>Initializes the stage; <see cref="Builtins"/> has the same as a factory method.</summary>
    /// <param name="on">The numeric column to read.</param>
    /// <param name="window">The window in rows, current row included.</param>
    /// <param name="by">A key column: state per key, as pandas' <c>groupby(by).transform</c>; null for one state.</param>
    /// <param name="output">The added column's name; default <c>rolling_mean</c>.</param>
    public RollingMeanStage(string on, int window, string? by = null, string? output = null)
        : base(on, by, output ?? "rolling_mean", window, "window")
    {
        Window = window;
    }

    /// <summary>Gets the window in rows.</summary>
    public int Window { get; }

    /// <inheritdoc/>
    private protected override Kernels.IColumnStatistic CreateStatistic() => new Kernels.MomentStatistic(Kernels.MomentKind.Mean, Window, Path);
}
