using Otters.Kernels;

namespace Otters;

/// <summary>
/// Adds <c>x / x.shift(1) - 1</c> without filling, as pandas' <c>pct_change(fill_method=None)</c>: null at
/// a null row and the row after it, null for 0/0 (pandas' NaN), ±infinity for a change from 0.
/// </summary>
[Stage("pct_change")]
public sealed class PctChangeStage : BatchStage
{
    private PctChangeStatistic? _statistic;
    private Field? _field;
    private int _on;
    private int _by;

    /// <summary>Initializes the stage; <see cref="Builtins"/> has the same as a factory method.</summary>
    /// <param name="on">The numeric column to read.</param>
    /// <param name="by">A key column: the previous row is the key's previous row; null for one state.</param>
    /// <param name="output">The added column's name; default <c>pct_change</c>.</param>
    public PctChangeStage(string on, string? by = null, string? output = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(on);
        On = on;
        By = by;
        Output = output ?? "pct_change";
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
        _on = StageChecks.Numeric(Name, input, On);
        _by = StageChecks.Key(Name, input, By);
        var field = new Field(Output, ColumnType.Float64);
        var output = StageChecks.Output(Name, input, field);
        _field = field;
        _statistic = new PctChangeStatistic(Path);
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
