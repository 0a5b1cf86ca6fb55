using Otters.Kernels;

namespace Otters;

/// <summary>Adds the mean of a column over the last rows, as pandas' <c>x.rolling(window).mean()</c>: null until a key has <c>window</c> rows and while a null is inside its window.</summary>
[Stage("rolling_mean")]
public sealed class RollingMeanStage : BatchStage
{
    private MomentStatistic? _statistic;
    private Field? _field;
    private int _on;
    private int _by;

    /// <summary>Initializes the stage; <see cref="Builtins"/> has the same as a factory method.</summary>
    /// <param name="on">The numeric column to read.</param>
    /// <param name="window">The window in rows, current row included.</param>
    /// <param name="by">A key column: state per key, as pandas' <c>groupby(by).transform</c>; null for one state.</param>
    /// <param name="output">The added column's name; default <c>rolling_mean</c>.</param>
    public RollingMeanStage(string on, int window, string? by = null, string? output = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(on);
        On = on;
        Window = window;
        By = by;
        Output = output ?? "rolling_mean";
    }

    /// <summary>Gets the column read.</summary>
    public string On { get; }

    /// <summary>Gets the window in rows.</summary>
    public int Window { get; }

    /// <summary>Gets the key column, or null.</summary>
    public string? By { get; }

    /// <summary>Gets the added column's name.</summary>
    public string Output { get; }

    /// <summary>Gets or sets the instruction set the kernel uses (tests pin each path).</summary>
    internal KernelPath Path { get; set; }

    /// <inheritdoc/>
    public override Schema Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        StageChecks.Positive(Name, On, Window, "window");
        _on = StageChecks.Numeric(Name, input, On);
        _by = StageChecks.Key(Name, input, By);
        var field = new Field(Output, ColumnType.Float64);
        var output = StageChecks.Output(Name, input, field);
        _field = field;
        _statistic = new MomentStatistic(MomentKind.Mean, Window, Path);
        return output;
    }

    /// <inheritdoc/>
    public override RecordBatch Process(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_statistic is null)
        {
            Bind(batch.Schema);
        }

        return batch.WithColumn(_field!, _statistic!.Compute(batch, _on, -1, _by));
    }
}
