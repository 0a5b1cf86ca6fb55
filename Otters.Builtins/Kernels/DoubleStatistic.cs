using Otters.Memory;

namespace Otters.Kernels;

/// <summary>
/// Runs a float64-producing kernel over a batch: unkeyed straight over the columns' buffers; keyed by
/// running the kernel per key segment of the grouped values (grouping and gathered input shared across
/// stages, see <see cref="KeyGrouping"/>) with that key's state, then copying the results back into
/// input order; when keys arrive in runs, in place. Rows with a null key get null, as pandas' groupby drops them.
/// </summary>
/// <typeparam name="TState">The per-key state.</typeparam>
internal abstract class DoubleStatistic<TState> : IColumnStatistic
    where TState : class
{
    private readonly KeyedStates<TState> _states;
    private TState? _single;
    private double[] _first = [];
    private double[] _second = [];
    private byte[] _flags = [];
    private byte[] _spare = [];
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

    /// <summary>
    /// Runs every key's rows at once in input order, for kernels whose per-row state is small enough that
    /// this beats grouping the rows; returns false (the default) to have the rows grouped by key instead.
    /// </summary>
    /// <param name="states">The state of each batch-local key id.</param>
    /// <param name="codes">Each row's key id, or -1 for a null key.</param>
    /// <param name="x">The first input.</param>
    /// <param name="x2">The second input, or empty.</param>
    /// <param name="valid">Flags, or empty when all rows are present.</param>
    /// <param name="y">Receives the results.</param>
    /// <param name="yValid">Receives the result flags.</param>
    /// <returns>Whether the rows were computed.</returns>
    protected virtual bool TryRunInputOrder(ReadOnlySpan<TState> states, ReadOnlySpan<int> codes, ReadOnlySpan<double> x, ReadOnlySpan<double> x2, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid) => false;

    /// <summary>
    /// Runs every key's grouped rows at once, for kernels that advance several keys side by side; returns
    /// false (the default) to have each key's segment run through <see cref="Run"/> in turn.
    /// </summary>
    /// <param name="states">The state of each batch-local key id.</param>
    /// <param name="offsets">Where each key's rows start in the grouped rows; one entry more than keys.</param>
    /// <param name="gx">The grouped first input.</param>
    /// <param name="gFlags">The grouped flags, or empty when all rows are present.</param>
    /// <param name="gy">Receives the grouped results.</param>
    /// <param name="gyFlags">Receives the grouped result flags.</param>
    /// <returns>Whether the rows were computed.</returns>
    protected virtual bool TryRunKeysTogether(ReadOnlySpan<TState> states, ReadOnlySpan<int> offsets, ReadOnlySpan<double> gx, ReadOnlySpan<byte> gFlags, Span<double> gy, Span<byte> gyFlags) => false;

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
        var values = AlignedBuffer.Allocate(n * sizeof(double), zero: false);
        var y = values.AsSpan<double>()[..n];
        var yFlags = Scratch.Ensure(ref _yFlags, n);
        if (by < 0)
        {
            Run(_single ??= CreateState(), x, x2, flags, y, yFlags);
        }
        else
        {
            var grouping = KeyGrouping.For(batch.Column(by));
            if (grouping.InOrder)
            {
                // Keys arrive in runs: each key's rows are already contiguous, so run in place.
                RunGrouped(grouping, x, x2, flags, y, yFlags);
            }
            else if (!TryRunInputOrder(_states.Resolve(grouping), grouping.Codes, x, x2, flags, y, yFlags) && RunKeyed(grouping, firstColumn, x, x2, flags, y, yFlags))
            {
                // Every key's window is full and no key is null: no flags to move back or pack.
                return new PrimitiveColumn<double>(ColumnType.Float64, values, null, n, 0);
            }
        }

        var validity = Validity.Pack(yFlags, out var nullCount);
        return new PrimitiveColumn<double>(ColumnType.Float64, values, validity, n, nullCount);
    }

    /// <summary>Runs the grouped rows and moves the results to input order; returns true when every row is valid (the flags were then left unwritten).</summary>
    private bool RunKeyed(KeyGrouping grouping, Column firstColumn, ReadOnlySpan<double> x, ReadOnlySpan<double> x2, ReadOnlySpan<byte> flags, Span<double> y, Span<byte> yFlags)
    {
        // Grouped buffers have one slot past the grouped rows: rows with a null key read their (null)
        // result from there, so the copy back to input order needs no branch.
        var m = grouping.GroupedLength;
        var gx = grouping.GroupedValues(firstColumn, x);
        var gx2 = Span<double>.Empty;
        if (!x2.IsEmpty)
        {
            gx2 = Scratch.Ensure(ref _groupedX2, m + 1);
            grouping.ToGrouped(x2, gx2);
        }

        var gFlags = Span<byte>.Empty;
        if (!flags.IsEmpty)
        {
            gFlags = Scratch.Ensure(ref _groupedFlags, m + 1);
            grouping.ToGrouped(flags, gFlags);
        }

        var gy = Scratch.Ensure(ref _groupedY, m + 1);
        var gyFlags = Scratch.Ensure(ref _groupedYFlags, m + 1);
        RunGrouped(grouping, gx, gx2.IsEmpty ? default : gx2[..m], gFlags.IsEmpty ? default : gFlags[..m], gy, gyFlags);
        gy[m] = 0;
        gyFlags[m] = 0;
        grouping.ToInputOrder<double>(gy, y);
        if (m == y.Length && !gyFlags[..m].ContainsAnyExcept((byte)1))
        {
            return true;
        }

        grouping.ToInputOrder<byte>(gyFlags, yFlags);
        return false;
    }

    private void RunGrouped(KeyGrouping grouping, ReadOnlySpan<double> gx, ReadOnlySpan<double> gx2, ReadOnlySpan<byte> gFlags, Span<double> gy, Span<byte> gyFlags)
    {
        var states = _states.Resolve(grouping);
        var offsets = grouping.Offsets;
        if (gx2.IsEmpty && TryRunKeysTogether(states, offsets.AsSpan(0, grouping.KeyCount + 1), gx, gFlags, gy, gyFlags))
        {
            return;
        }

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
    }
}
