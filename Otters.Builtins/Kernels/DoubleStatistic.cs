using Otters.Memory;

namespace Otters.Kernels;

/// <summary>
/// Runs a float64-producing kernel over a batch: unkeyed straight over the columns' buffers; keyed by
/// gathering each key's rows together (grouping shared across stages, see <see cref="KeyGrouping"/>),
/// running the kernel per key segment with that key's state, and scattering the results back into
/// input order. Rows with a null key get null, as pandas' groupby drops them.
/// </summary>
/// <typeparam name="TState">The per-key state.</typeparam>
internal abstract class DoubleStatistic<TState>
    where TState : class
{
    private readonly KeyedStates<TState> _states;
    private TState? _single;
    private double[] _first = [];
    private double[] _second = [];
    private byte[] _flags = [];
    private byte[] _spare = [];
    private double[] _groupedX = [];
    private double[] _groupedX2 = [];
    private byte[] _groupedFlags = [];
    private double[] _groupedY = [];
    private byte[] _groupedYFlags = [];
    private byte[] _yFlags = [];

    /// <summary>Initializes the runner.</summary>
    protected DoubleStatistic()
    {
        _states = new KeyedStates<TState>(CreateState);
    }

    /// <summary>Makes a fresh per-key state.</summary>
    /// <returns>The state.</returns>
    protected abstract TState CreateState();

    /// <summary>Runs the kernel over one key's consecutive rows.</summary>
    /// <param name="state">The key's state.</param>
    /// <param name="x">The first input.</param>
    /// <param name="x2">The second input, or empty.</param>
    /// <param name="valid">Flags, or empty when all rows are present.</param>
    /// <param name="y">Receives the results.</param>
    /// <param name="yValid">Receives the result flags.</param>
    protected abstract void Run(TState state, ReadOnlySpan<double> x, ReadOnlySpan<double> x2, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid);

    /// <summary>Computes the output column of a batch.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="on">The input column's index.</param>
    /// <param name="on2">The second input column's index, or -1.</param>
    /// <param name="by">The key column's index, or -1.</param>
    /// <returns>The float64 column.</returns>
    public PrimitiveColumn<double> Compute(RecordBatch batch, int on, int on2, int by)
    {
        var n = batch.Length;
        var firstColumn = batch.Column(on);
        var secondColumn = on2 >= 0 ? batch.Column(on2) : null;
        var x = ColumnInput.Doubles(firstColumn, ref _first);
        var x2 = secondColumn is null ? default : ColumnInput.Doubles(secondColumn, ref _second);
        var flags = ColumnInput.Flags(firstColumn, x, secondColumn, x2, ref _flags, ref _spare);
        var keyed = by >= 0;
        var grouping = keyed ? KeyGrouping.For(batch.Column(by)) : null;
        var values = AlignedBuffer.Allocate(n * sizeof(double), zero: grouping is not null && grouping.Rows.Length < n);
        var y = values.AsSpan<double>()[..n];
        var yFlags = Scratch.Ensure(ref _yFlags, n);
        if (grouping is null)
        {
            Run(_single ??= CreateState(), x, x2, flags, y, yFlags);
        }
        else
        {
            RunKeyed(grouping, x, x2, flags, y, yFlags);
        }

        var validity = Validity.Pack(yFlags, out var nullCount);
        return new PrimitiveColumn<double>(ColumnType.Float64, values, validity, n, nullCount);
    }

    private void RunKeyed(KeyGrouping grouping, ReadOnlySpan<double> x, ReadOnlySpan<double> x2, ReadOnlySpan<byte> flags, Span<double> y, Span<byte> yFlags)
    {
        var rows = grouping.Rows.AsSpan();
        var m = rows.Length;
        var gx = Scratch.Ensure(ref _groupedX, m);
        Scratch.Gather(x, rows, gx);
        var gx2 = Span<double>.Empty;
        if (!x2.IsEmpty)
        {
            gx2 = Scratch.Ensure(ref _groupedX2, m);
            Scratch.Gather(x2, rows, gx2);
        }

        var gFlags = Span<byte>.Empty;
        if (!flags.IsEmpty)
        {
            gFlags = Scratch.Ensure(ref _groupedFlags, m);
            Scratch.Gather(flags, rows, gFlags);
        }

        var gy = Scratch.Ensure(ref _groupedY, m);
        var gyFlags = Scratch.Ensure(ref _groupedYFlags, m);
        var states = _states.Resolve(grouping);
        var offsets = grouping.Offsets;
        for (var k = 0; k < grouping.KeyCount; k++)
        {
            var start = offsets[k];
            var length = offsets[k + 1] - start;
            Run(
                states[k],
                gx.Slice(start, length),
                gx2.IsEmpty ? default : gx2.Slice(start, length),
                gFlags.IsEmpty ? default : gFlags.Slice(start, length),
                gy.Slice(start, length),
                gyFlags.Slice(start, length));
        }

        if (m < y.Length)
        {
            yFlags.Clear();
        }

        Scratch.Scatter<double>(gy, rows, y);
        Scratch.Scatter<byte>(gyFlags, rows, yFlags);
    }
}
