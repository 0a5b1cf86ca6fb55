using Otters.Kernels;

namespace Otters;

/// <summary>
/// The builtins that read one numeric column, keep state per key, and add one float64 column: rolling mean,
/// rolling std, z-score, ema and pct_change. Only Otters derives from it.
/// </summary>
public abstract class ColumnStatisticStage : BatchStage
{
    private readonly int? _size;
    private readonly string? _sizeName;
    private IColumnStatistic? _statistic;
    private Field? _field;
    private int _on;
    private int _by;

    /// <summary>Initializes the stage.</summary>
    /// <param name="on">The numeric column to read.</param>
    /// <param name="by">The key column, or null.</param>
    /// <param name="output">The added column's name.</param>
    /// <param name="size">The window, span or lookback, which must be at least 1; null when the statistic has none.</param>
    /// <param name="sizeName">The parameter's name, for the error when it is below 1.</param>
    private protected ColumnStatisticStage(string on, string? by, string output, int? size = null, string? sizeName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(on);
        On = on;
        By = by;
        Output = output;
        _size = size;
        _sizeName = sizeName;
    }

    /// <summary>Gets the column read.</summary>
    public string On { get; }

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
        if (_size is { } size)
        {
            StageChecks.Positive(Name, On, size, _sizeName!);
        }

        _on = StageChecks.Numeric(Name, input, On);
        _by = StageChecks.Key(Name, input, By);
        var field = new Field(Output, ColumnType.Float64);
        var output = StageChecks.Output(Name, input, field);
        _field = field;
        _statistic = CreateStatistic();
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

    /// <summary>Creates the statistic, with fresh state, when the stage is bound.</summary>
    /// <returns>The statistic.</returns>
    private protected abstract IColumnStatistic CreateStatistic();
}
