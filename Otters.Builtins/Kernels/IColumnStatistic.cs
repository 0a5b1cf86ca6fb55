namespace Otters.Kernels;

/// <summary>A statistic computed over one or two numeric columns of a batch, with state per key, into a float64 column.</summary>
internal interface IColumnStatistic
{
    /// <summary>Computes the statistic for every row of the batch, carrying state over from earlier batches.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="on">The input column.</param>
    /// <param name="on2">A second input column, or -1.</param>
    /// <param name="by">The key column, or -1.</param>
    /// <returns>The result column.</returns>
    PrimitiveColumn<double> Compute(RecordBatch batch, int on, int on2, int by);
}
