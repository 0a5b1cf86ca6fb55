namespace Otters.Kernels;

/// <summary>
/// One key's rolling-window state: the recent values in a linear history (the last window rows always
/// contiguous, so a kernel reads the row leaving the window as <c>History[j - Window]</c>), and
/// compensated sums of deviations from a shift near the values. Every change depends only on the key's
/// sequence of values, never on batch boundaries, so results are the same however rows are cut.
/// </summary>
internal sealed class WindowState
{
    /// <summary>Initializes a state for a window of <paramref name="window"/> rows.</summary>
    /// <param name="window">The window, at least 1.</param>
    /// <param name="columns">1 for one input, 2 for a pair (vwap: price * volume and volume).</param>
    public WindowState(int window, int columns = 1)
    {
        Window = window;

        // Room for the window plus a stretch of new rows; when full, the last window rows move to the
        // front and the sums are recomputed from them (bounding drift every Capacity - Window rows per key).
        var capacity = window + Math.Max(window, 256);

        // The history starts on a 32-byte boundary (pinned, so it stays there): the kernels copy each
        // batch's values in and read them straight back in vectors, and a vector load that straddles two
        // of the copy's stores cannot take its data from the store buffer; misaligned, that stall halved
        // the rolling mean's speed in some processes and not others.
        _history = GC.AllocateArray<double>(capacity + 3, pinned: true);
        _origin = Aligned.Origin(_history, 32);
        _capacity = capacity;
        Second = columns == 2 ? new double[capacity] : [];
    }

    /// <summary>Gets the window in rows.</summary>
    public int Window { get; }

    private readonly double[] _history;
    private readonly int _origin;
    private readonly int _capacity;

    /// <summary>Gets the values since the last reset (the first input of a pair), 32-byte aligned.</summary>
    public Span<double> History => new(_history, _origin, _capacity);

    /// <summary>Gets the second input's history, or empty.</summary>
    public double[] Second { get; }

    /// <summary>Gets or sets the number of values held in <see cref="History"/>.</summary>
    public int Length { get; set; }

    /// <summary>Gets or sets the number of valid rows since the last null, saturating at <see cref="Window"/>.</summary>
    public int Count { get; set; }

    /// <summary>Gets or sets the shift subtracted from values before summing (keeps squares small and exact).</summary>
    public double Shift { get; set; }

    /// <summary>Gets or sets the window's sum (of shifted values, or of the first input).</summary>
    public double Sum;

    /// <summary>Gets or sets the compensation of <see cref="Sum"/>.</summary>
    public double SumError;

    /// <summary>Gets or sets the window's sum of squared shifted values (or of the second input).</summary>
    public double Squares;

    /// <summary>Gets or sets the compensation of <see cref="Squares"/>.</summary>
    public double SquaresError;

    /// <summary>Gets or sets the latest value.</summary>
    public double Previous;

    /// <summary>Gets or sets how many rows in a row held exactly <see cref="Previous"/> (a constant window has variance exactly 0).</summary>
    public int SameRun;

    /// <summary>Forgets everything: a null entered the window.</summary>
    public void Reset()
    {
        Length = 0;
        Count = 0;
        Sum = SumError = Squares = SquaresError = 0;
        SameRun = 0;
    }
}
