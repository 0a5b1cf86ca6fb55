using Otters.Kernels;

namespace Otters;

/// <summary>
/// Adds the value of <c>periods</c> rows earlier, as pandas' <c>x.shift(periods)</c>: null for a key's first
/// <c>periods</c> rows. The added column keeps the input's type (float64, int64 or int32).
/// </summary>
[Stage("lag")]
public sealed class LagStage : BatchStage
{
    private Func<RecordBatch, Column>? _compute;
    private Field? _field;

    /// <summary>Initializes the stage; <see cref="Builtins"/> has the same as a factory method.</summary>
    /// <param name="on">The numeric column to read.</param>
    /// <param name="periods">How many rows back, at least 1.</param>
    /// <param name="by">A key column: rows back within the key; null for one state.</param>
    /// <param name="output">The added column's name; default <c>lag</c>.</param>
    public LagStage(string on, int periods = 1, string? by = null, string? output = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(on);
        On = on;
        Periods = periods;
        By = by;
        Output = output ?? "lag";
    }

    /// <summary>Gets the column read.</summary>
    public string On { get; }

    /// <summary>Gets how many rows back.</summary>
    public int Periods { get; }

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
        StageChecks.Positive(Name, On, Periods, "periods");
        var on = StageChecks.Numeric(Name, input, On);
        var by = StageChecks.Key(Name, input, By);
        var type = input[on].Type;
        var field = new Field(Output, type);
        var output = StageChecks.Output(Name, input, field);
        _field = field;
        _compute = type.Kind switch
        {
            ColumnKind.Float64 => Bound(new LagStatistic<double>(Periods, Path), on, by),
            ColumnKind.Int64 => Bound(new LagStatistic<long>(Periods, Path), on, by),
            _ => Bound(new LagStatistic<int>(Periods, Path), on, by),
        };
        return output;
    }

    /// <inheritdoc/>
    public override RecordBatch Process(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_compute is null)
        {
            Bind(batch.Schema);
        }

        return batch.WithColumn(_field!, _compute!(batch));
    }

    private static Func<RecordBatch, Column> Bound<T>(LagStatistic<T> statistic, int on, int by)
        where T : unmanaged => batch => statistic.Compute(batch, on, by);
}
