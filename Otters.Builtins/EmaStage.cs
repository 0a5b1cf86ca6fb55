using Otters.Kernels;

namespace Otters;

/// <summary>
/// Adds the exponential moving average of a column, as pandas'
/// <c>x.ewm(span=span, adjust=False, ignore_na=True).mean()</c>: alpha = 2 / (span + 1), the first value
/// starts it, a null row repeats the previous average, null before the first value.
/// </summary>
[Stage("ema")]
public sealed class EmaStage : BatchStage
{
    private EmaStatistic? _statistic;
    private Field? _field;
    private int _on;
    private int _by;

    /// <summary>Initializes the stage; <see cref="Builtins"/> has the same as a factory method.</summary>
    /// <param name="on">The numeric column to read.</param>
    /// <param name="span">The span, at least 1.</param>
    /// <param name="by">A key column: state per key; null for one state.</param>
    /// <param name="output">The added column's name; default <c>ema</c>.</param>
    public EmaStage(string on, int span, string? by = null, string? output = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(on);
        On = on;
        Span = span;
        By = by;
        Output = output ?? "ema";
    }

    /// <summary>Gets the column read.</summary>
    public string On { get; }

    /// <summary>Gets the span.</summary>
    public int Span { get; }

    /// <summary>Gets the key column, or null.</summary>
    public string? By { get; }

    /// <summary>Gets the added column's name.</summary>
    public string Output { get; }

    /// <inheritdoc/>
    public override Schema Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        StageChecks.Positive(Name, On, Span, "span");
        _on = StageChecks.Numeric(Name, input, On);
        _by = StageChecks.Key(Name, input, By);
        var field = new Field(Output, ColumnType.Float64);
        var output = StageChecks.Output(Name, input, field);
        _field = field;
        _statistic = new EmaStatistic(Span);
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
