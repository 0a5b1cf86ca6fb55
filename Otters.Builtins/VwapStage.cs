using Otters.Kernels;

namespace Otters;

/// <summary>
/// Adds the volume-weighted average price over the last rows: rolling sum(price * volume) / rolling
/// sum(volume); null until a key has <c>window</c> rows, while a null is inside its window, and where
/// the window's volume and amount are both 0.
/// </summary>
[Stage("vwap")]
public sealed class VwapStage : BatchStage
{
    private VwapStatistic? _statistic;
    private Field? _field;
    private int _price;
    private int _volume;
    private int _by;

    /// <summary>Initializes the stage; <see cref="Builtins"/> has the same as a factory method.</summary>
    /// <param name="price">The numeric price column.</param>
    /// <param name="volume">The numeric volume column.</param>
    /// <param name="window">The window in rows, current row included.</param>
    /// <param name="by">A key column: state per key; null for one state.</param>
    /// <param name="output">The added column's name; default <c>vwap</c>.</param>
    public VwapStage(string price, string volume, int window, string? by = null, string? output = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(price);
        ArgumentException.ThrowIfNullOrEmpty(volume);
        Price = price;
        Volume = volume;
        Window = window;
        By = by;
        Output = output ?? "vwap";
    }

    /// <summary>Gets the price column.</summary>
    public string Price { get; }

    /// <summary>Gets the volume column.</summary>
    public string Volume { get; }

    /// <summary>Gets the window in rows.</summary>
    public int Window { get; }

    /// <summary>Gets the key column, or null.</summary>
    public string? By { get; }

    /// <summary>Gets the added column's name.</summary>
    public string Output { get; }

    /// <inheritdoc/>
    public override Schema Bind(Schema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        StageChecks.Positive(Name, Price, Window, "window");
        _price = StageChecks.Numeric(Name, input, Price);
        _volume = StageChecks.Numeric(Name, input, Volume);
        _by = StageChecks.Key(Name, input, By);
        var field = new Field(Output, ColumnType.Float64);
        var output = StageChecks.Output(Name, input, field);
        _field = field;
        _statistic = new VwapStatistic(Window);
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

        return batch.WithColumn(_field!, _statistic!.Compute(batch, _price, _volume, _by));
    }
}
