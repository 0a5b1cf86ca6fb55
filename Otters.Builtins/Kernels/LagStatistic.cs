using System.Runtime.CompilerServices;
using Otters.Memory;

namespace Otters.Kernels;

/// <summary>Runs <see cref="LagKernel"/> over a batch, unkeyed or per key; the output keeps the input's type.</summary>
/// <typeparam name="T">double, long or int.</typeparam>
internal sealed class LagStatistic<T>
    where T : unmanaged
{
    private readonly int _periods;
    private readonly KernelPath _path;
    private readonly KeyedStates<LagState<T>> _states;
    private LagState<T>? _single;
    private byte[] _flags = [];
    private byte[] _yFlags = [];
    private T[] _groupedX = [];
    private T[] _groupedY = [];
    private byte[] _groupedFlags = [];
    private byte[] _groupedYFlags = [];

    /// <summary>Initializes the runner.</summary>
    /// <param name="periods">How many rows back.</param>
    /// <param name="path">The instruction set to use.</param>
    public LagStatistic(int periods, KernelPath path)
    {
        _periods = periods;
        _path = path;
        _states = new KeyedStates<LagState<T>>(() => new LagState<T>(_periods));
    }

    /// <summary>Computes the lagged column of a batch.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="on">The input column's index.</param>
    /// <param name="by">The key column's index, or -1.</param>
    /// <returns>The column.</returns>
    public PrimitiveColumn<T> Compute(RecordBatch batch, int on, int by)
    {
        var column = (PrimitiveColumn<T>)batch.Column(on);
        var n = column.Length;
        var x = column.Values;
        var flags = Scratch.Ensure(ref _flags, n);
        Validity.Unpack(column.Validity, flags);
        var values = AlignedBuffer.Allocate(n * Unsafe.SizeOf<T>(), zero: false);
        var y = values.AsSpan<T>()[..n];
        var yFlags = Scratch.Ensure(ref _yFlags, n);
        if (by < 0)
        {
            LagKernel.Run(_single ??= new LagState<T>(_periods), x, flags, y, yFlags, _path);
        }
        else
        {
            var grouping = KeyGrouping.For(batch.Column(by));
            var m = grouping.GroupedLength;

            // One slot past the grouped rows collects rows with a null key (their result stays null).
            var gx = Scratch.Ensure(ref _groupedX, m + 1);
            var gFlags = Scratch.Ensure(ref _groupedFlags, m + 1);
            var gy = Scratch.Ensure(ref _groupedY, m + 1);
            var gyFlags = Scratch.Ensure(ref _groupedYFlags, m + 1);
            grouping.ToGrouped(x, gx);
            grouping.ToGrouped<byte>(flags, gFlags);
            var states = _states.Resolve(grouping);
            var offsets = grouping.Offsets;
            for (var k = 0; k < grouping.KeyCount; k++)
            {
                var start = offsets[k];
                var length = offsets[k + 1] - start;
                LagKernel.Run(states[k], gx.Slice(start, length), gFlags.Slice(start, length), gy.Slice(start, length), gyFlags.Slice(start, length), _path);
            }

            gy[m] = default;
            gyFlags[m] = 0;
            grouping.ToInputOrder<T>(gy, y);
            grouping.ToInputOrder<byte>(gyFlags, yFlags);
        }

        var validity = Validity.Pack(yFlags, out var nullCount);
        return new PrimitiveColumn<T>(column.Type, values, validity, n, nullCount);
    }
}
