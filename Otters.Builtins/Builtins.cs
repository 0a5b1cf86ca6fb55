using Otters.Kernels;

namespace Otters;

/// <summary>
/// The builtin statistics, as stages that run column kernels over batches. Each takes <c>by:</c> (a key
/// column: state per key, as pandas' <c>groupby(by).transform</c>) and <c>output:</c> (the added column's
/// name). Results match pandas and never depend on how rows are cut into batches.
/// </summary>
public static class Builtins
{
    /// <summary>Adds <c>x.rolling(window).mean()</c>: the mean of the last <paramref name="window"/> rows.</summary>
    /// <param name="on">The numeric column.</param>
    /// <param name="window">The window in rows, at least 1.</param>
    /// <param name="by">An optional key column.</param>
    /// <param name="output">The added column; default <c>rolling_mean</c>.</param>
    /// <returns>The stage.</returns>
    public static RollingMeanStage RollingMean(string on, int window, string? by = null, string? output = null) =>
        new(on, StageChecks.AtLeastOne(window, nameof(window)), by, output);

    /// <summary>Adds <c>x.rolling(window).std()</c>: the sample standard deviation (ddof 1) of the last rows.</summary>
    /// <param name="on">The numeric column.</param>
    /// <param name="window">The window in rows, at least 1.</param>
    /// <param name="by">An optional key column.</param>
    /// <param name="output">The added column; default <c>rolling_std</c>.</param>
    /// <returns>The stage.</returns>
    public static RollingStdStage RollingStd(string on, int window, string? by = null, string? output = null) =>
        new(on, StageChecks.AtLeastOne(window, nameof(window)), by, output);

    /// <summary>Adds <c>(x - rolling_mean(lookback)) / rolling_std(lookback)</c>, current row included.</summary>
    /// <param name="on">The numeric column.</param>
    /// <param name="lookback">The window in rows, at least 1.</param>
    /// <param name="by">An optional key column.</param>
    /// <param name="output">The added column; default <c>zscore</c>.</param>
    /// <returns>The stage.</returns>
    public static ZScoreStage ZScore(string on, int lookback, string? by = null, string? output = null) =>
        new(on, StageChecks.AtLeastOne(lookback, nameof(lookback)), by, output);

    /// <summary>Adds <c>x.ewm(span=span, adjust=False, ignore_na=True).mean()</c>.</summary>
    /// <param name="on">The numeric column.</param>
    /// <param name="span">The span, at least 1 (alpha = 2 / (span + 1)).</param>
    /// <param name="by">An optional key column.</param>
    /// <param name="output">The added column; default <c>ema</c>.</param>
    /// <returns>The stage.</returns>
    public static EmaStage Ema(string on, int span, string? by = null, string? output = null) =>
        new(on, StageChecks.AtLeastOne(span, nameof(span)), by, output);

    /// <summary>Adds rolling sum(price * volume) / rolling sum(volume) over the last <paramref name="window"/> rows.</summary>
    /// <param name="price">The numeric price column.</param>
    /// <param name="volume">The numeric volume column.</param>
    /// <param name="window">The window in rows, at least 1.</param>
    /// <param name="by">An optional key column.</param>
    /// <param name="output">The added column; default <c>vwap</c>.</param>
    /// <returns>The stage.</returns>
    public static VwapStage Vwap(string price, string volume, int window, string? by = null, string? output = null) =>
        new(price, volume, StageChecks.AtLeastOne(window, nameof(window)), by, output);

    /// <summary>Adds <c>x.shift(periods)</c>, keeping the input's type.</summary>
    /// <param name="on">The numeric column.</param>
    /// <param name="periods">How many rows back, at least 1.</param>
    /// <param name="by">An optional key column.</param>
    /// <param name="output">The added column; default <c>lag</c>.</param>
    /// <returns>The stage.</returns>
    public static LagStage Lag(string on, int periods = 1, string? by = null, string? output = null) =>
        new(on, StageChecks.AtLeastOne(periods, nameof(periods)), by, output);

    /// <summary>Adds <c>x / x.shift(1) - 1</c> without filling.</summary>
    /// <param name="on">The numeric column.</param>
    /// <param name="by">An optional key column.</param>
    /// <param name="output">The added column; default <c>pct_change</c>.</param>
    /// <returns>The stage.</returns>
    public static PctChangeStage PctChange(string on, string? by = null, string? output = null) => new(on, by, output);

    /// <summary>Adds the boolean column <paramref name="flagAs"/>: <c>x &gt; above</c>, a null comparing false.</summary>
    /// <param name="on">The numeric column.</param>
    /// <param name="above">The threshold.</param>
    /// <param name="flagAs">The added column's name.</param>
    /// <param name="by">An optional key column.</param>
    /// <returns>The stage.</returns>
    public static ThresholdStage Threshold(string on, double above, string flagAs, string? by = null) => new(on, above, flagAs, by);
}
