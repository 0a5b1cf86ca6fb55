using Otters.Kernels;

namespace Otters;

/// <summary>
/// Adds a boolean column named <c>flagAs</c>: <c>x &gt; above</c> (strict); a null compares false. With a
/// key, rows whose key is null are null, as pandas' groupby drops them.
/// </summary>
[Stage("threshold")]
public sealed class ThresholdStage : BatchStage
{
    private ThresholdStatistic? _statistic;
    private Field? _field;
    private int _on;
    private int _by;

    /// <summary>Initializes the stage; <see cref="Builtins"/> has the same as a factory method.</summary>
    /// <param name="on">The numeric column to read.</param>
    /// <param name="above">The threshold a value must exceed.</param>
    /// <param name="flagAs">The added boolean column's name.</param>
    /// <param name="by">A key column (the flag needs no state; it only nulls rows of a null key).</param>
    public ThresholdStage(string on, double above, string flagAs, string? by = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(on);
        ArgumentException.ThrowIfNullOrEmpty(flagAs);
        On = on;
        Above = above;
        FlagAs = flagAs;
        By = by;
    }

    /// <summary>Gets the column read.</summary>
    public string On { get; }

    /// <summary>Gets the threshold.</summary>
    public double Above { get; }

    /// <summary>Gets the added column's name.</summary>
    public string FlagAs { get; }

    /// <summary>Gets the key column, or null.</summary>
    public string? By { get; }

    /// <summary>Gets or sets the instruction set the kernel uses (tests pin each path).</summary>
    internal KernelPath Path { get; set; }

    /// <inheritdoc/>
    public override Schema Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _on = StageChecks.Numeric(Name, input, On);
        _by = StageChecks.Key(Name, input, By);
        var field = new Field(FlagAs, ColumnType.Boolean);
        var output = StageChecks.Output(Name, input, field);
        _field = field;
        _statistic = new ThresholdStatistic(Above, Path);
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

        return batch.WithColumn(_field!, _statistic!.Compute(batch, _on, _by));
    }
}
