using Otters.Kernels;

namespace Otters;

/// <summary>
/// The builtins computed from rolling moments of one column (mean, standard deviation, z-score): one numeric
/// input, an optional key, one float64 output. Only Otters derives from it.
/// </summary>
public abstract class RollingMomentStage : BatchStage
{
    private readonly MomentKind _kind;
    private readonly int _window;
    private readonly string _windowName;
    private MomentStatistic? _statistic;
    private Field? _field;
    private int _on;
    private int _by;

    private protected RollingMomentStage(MomentKind kind, string on, int window, string windowName, string? by, string output)
    {
        ArgumentException.ThrowIfNullOrEmpty(on);
        _kind = kind;
        _window = window;
        _windowName = windowName;
        On = on;
        By = by;
        Output = output;
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
        StageChecks.Positive(Name, On, _window, _windowName);
        _on = StageChecks.Numeric(Name, input, On);
        _by = StageChecks.Key(Name, input, By);
        var field = new Field(Output, ColumnType.Float64);
        var output = StageChecks.Output(Name, input, field);
        _field = field;
        _statistic = new MomentStatistic(_kind, _window, Path);
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
