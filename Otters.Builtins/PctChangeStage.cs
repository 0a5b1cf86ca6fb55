namespace Otters;

/// <summary>
/// Adds <c>x / x.shift(1) - 1</c> without filling, as pandas' <c>pct_change(fill_method=None)</c>: null at
/// a null row and the row after it, null for 0/0 (pandas' NaN), ±infinity for a change from 0.
/// </summary>
[Stage("pct_change")]
public sealed class PctChangeStage : ColumnStatisticStage
{
    /// <summary>Initializes the stage; <see cref="Builtins"/> has the same as a factory method.</summary>
    /// <param name="on">The numeric column to read.</param>
    /// <param name="by">A key column: the previous row is the key's previous row; null for one state.</param>
    /// <param name="output">The added column's name; default <c>pct_change</c>.</param>
    public PctChangeStage(string on, string? by = null, string? output = null)
        : base(on, by, output ?? "pct_change")
    {
    }

    /// <inheritdoc/>
    private protected override Kernels.IColumnStatistic CreateStatistic() => new Kernels.PctChangeStatistic(Path);
}
