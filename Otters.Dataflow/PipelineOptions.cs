namespace Otters;

/// <summary>How a pipeline batches, buffers and treats bad records. Snapshotted when the pipeline is created.</summary>
public sealed class PipelineOptions
{
    /// <summary>Gets or sets the rows per batch that row sources build.</summary>
    /// <value>The default is 1024.</value>
    public int BatchSize { get; set; } = 1024;

    /// <summary>Gets or sets the longest a partial batch waits before it is flushed, so a slow live source still streams.</summary>
    /// <value>The default is 50 milliseconds.</value>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets or sets the batches each stage or sink queues before its upstream waits (backpressure).</summary>
    /// <value>The default is 4.</value>
    public int BoundedCapacity { get; set; } = 4;

    /// <summary>Gets or sets what happens to a record that does not fit the schema.</summary>
    /// <value>The default is <see cref="BadRecordPolicy.Fail"/>.</value>
    public BadRecordPolicy OnBadRecord { get; set; } = BadRecordPolicy.Fail;

    /// <summary>Gets or sets the services stages named by string are built from (set by <c>AddOtters</c>).</summary>
    /// <value>The default is null: stages are built from their constructors' parameters alone.</value>
    public IServiceProvider? Services { get; set; }

    /// <summary>Gets or sets the pipeline's name in metrics and logs.</summary>
    /// <value>The default is <c>pipeline</c>.</value>
    public string Name { get; set; } = "pipeline";

    /// <summary>Returns a validated copy, so later edits to this instance do not reach a pipeline.</summary>
    /// <returns>The copy.</returns>
    internal PipelineOptions Snapshot()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "PipelineOptions.BatchSize must be at least 1.");
        }

        if (Linger <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Linger), Linger, "PipelineOptions.Linger must be positive.");
        }

        if (BoundedCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BoundedCapacity), BoundedCapacity, "PipelineOptions.BoundedCapacity must be at least 1.");
        }

        if (!Enum.IsDefined(OnBadRecord))
        {
            throw new ArgumentOutOfRangeException(nameof(OnBadRecord), OnBadRecord, "PipelineOptions.OnBadRecord must be Fail, Skip or DeadLetter.");
        }

        ArgumentException.ThrowIfNullOrEmpty(Name);
        return (PipelineOptions)MemberwiseClone();
    }
}
