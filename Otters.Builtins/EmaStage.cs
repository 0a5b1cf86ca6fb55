namespace Otters;

/// <summary>
/// Adds the exponential moving average of a column, as pandas'
/// <c>x.ewm(span=span, adjust=False, ignore_na=True).mean()</c>: alpha = 2 / (span + 1), the first value
/// starts it, a null row repeats the previous average, null before the first value.
/// </summary>
[Stage("ema")]
public sealed class EmaStage : ColumnStatisticStage
{
    /// <summary>Initializes the stage; <see cref="Builtins"/> has the same as a factory method.</summary>
    /// <param name="on">The numeric column to read.</param>
    /// <param name="span">The span, at least 1.</param>
    /// <param name="by">A key column: state per key; null for one state.</param>
    /// <param name="output">The added column's name; default <c>ema</c>.</param>
    public EmaStage(string on, int span, string? by = null, string? output = null)
        : base(on, by, output ?? "ema", span, "span")
    {
        Span = span;
    }

    /// <summary>Gets the span.</summary>
    public int Span { get; }

    /// <inheritdoc/>
    private protected override Kernels.IColumnStatistic CreateStatistic() => new Kernels.EmaStatistic(Span, Path);
}
