using Otters.Memory;

namespace Otters.Kernels;

/// <summary>Runs <see cref="ThresholdKernel"/> over a batch; with a key, rows of a null key are null (pandas drops them).</summary>
/// <param name="above">The threshold.</param>
/// <param name="path">The instruction set to use.</param>
internal sealed class ThresholdStatistic(double above, KernelPath path)
{
    private double[] _values = [];
    private byte[] _flags = [];

    /// <summary>Computes the flag column of a batch.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="on">The input column's index.</param>
    /// <param name="by">The key column's index, or -1.</param>
    /// <returns>The boolean column.</returns>
    public BooleanColumn Compute(RecordBatch batch, int on, int by)
    {
        var column = batch.Column(on);
        var n = column.Length;
        var x = ColumnInput.Doubles(column, ref _values);
        var bits = AlignedBuffer.Allocate(BitUtil.BytesFor(n));
        ThresholdKernel.Run(x, column.Validity, above, bits.Span, path);
        AlignedBuffer? validity = null;
        var nullCount = 0;
        if (by >= 0 && batch.Column(by).NullCount > 0)
        {
            var codes = KeyGrouping.For(batch.Column(by)).Codes;
            var flags = Scratch.Ensure(ref _flags, n);
            for (var i = 0; i < n; i++)
            {
                flags[i] = codes[i] >= 0 ? (byte)1 : (byte)0;
            }

            validity = Validity.Pack(flags, out nullCount);
        }

        return new BooleanColumn(bits, validity, n, nullCount);
    }
}
