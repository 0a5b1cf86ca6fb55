namespace Otters;

/// <summary>Adds <c>(x - rolling_mean(lookback)) / rolling_std(lookback)</c>, current row included; null when the mean or std is null or the std is 0.</summary>
[Stage("zscore")]
public sealed class ZScoreStage : ColumnStatisticStage
{
    /// <summary>Initializes the stage; <see cref="Builtins"/> has the same as a factory method.</summary>
    /// <param name="on">The numeric column to read.</param>
    /// <param name="lookback">The window in rows, current row included.</param>
    /// <param name="by">A key column: state per key, as pandas' <c>groupby(by).transform</c>; null for one state.</param>
    /// <param name="output">The added column's name; default <c>zscore</c>.</param>
    public ZScoreStage(string on, int lookback, string? by = null, string? output = null)
        : base(on, by, output ?? "zscore", lookback, "lookback")
    {
        Lookback = lookback;
    }

    /// <summary>Gets the window in rows.</summary>
    public int Lookback { get; }

    /// <inheritdoc/>
    private protected override Kernels.IColumnStatistic CreateStatistic() => new Kernels.MomentStatistic(Kernels.MomentKind.ZScore, Lookback, Path);
}
