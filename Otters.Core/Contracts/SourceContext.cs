namespace Otters;

/// <summary>What a running source needs from its pipeline: the schema, batching settings and the bad-record policy.</summary>
public sealed class SourceContext
{
    private readonly Func<BadRecord, CancellationToken, ValueTask> _badRecordHandler;
    private long _badRecords;

    /// <summary>Initializes a context, e.g. to read a source outside a pipeline.</summary>
    /// <param name="schema">The schema batches must have.</param>
    /// <param name="sourceName">The source's name, for messages.</param>
    /// <param name="batchSize">The rows per batch.</param>
    /// <param name="linger">The longest a partial batch waits before it is flushed.</param>
    /// <param name="onBadRecord">The policy for records that do not fit.</param>
    /// <param name="deadLetter">Receives bad records under <see cref="BadRecordPolicy.DeadLetter"/>.</param>
    public SourceContext(
        Schema schema,
        string sourceName = "source",
        int batchSize = 1024,
        TimeSpan? linger = null,
        BadRecordPolicy onBadRecord = BadRecordPolicy.Fail,
        Func<BadRecord, CancellationToken, ValueTask>? deadLetter = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Schema = schema.Freeze();
        SourceName = sourceName;
        BatchSize = batchSize;
        Linger = linger ?? TimeSpan.FromMilliseconds(100);
        OnBadRecord = onBadRecord;
        _badRecordHandler = deadLetter ?? ((_, _) => ValueTask.CompletedTask);
    }

    /// <summary>Gets the schema the source's batches must have.</summary>
    public Schema Schema { get; }

    /// <summary>Gets the source's name in the pipeline.</summary>
    public string SourceName { get; }

    /// <summary>Gets the rows per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Gets the longest a partial batch waits before it is flushed.</summary>
    public TimeSpan Linger { get; }

    /// <summary>Gets the policy for records that do not fit.</summary>
    public BadRecordPolicy OnBadRecord { get; }

    /// <summary>Gets the number of bad records reported and not failed on (skipped or dead-lettered).</summary>
    public long BadRecords => Interlocked.Read(ref _badRecords);

    /// <summary>
    /// Applies the policy to a record that does not fit: <see cref="BadRecordPolicy.Fail"/> throws a
    /// <see cref="BadRecordException"/>, <see cref="BadRecordPolicy.Skip"/> counts it,
    /// <see cref="BadRecordPolicy.DeadLetter"/> writes it to the dead-letter sink.
    /// </summary>
    /// <param name="record">The bad record.</param>
    /// <param name="cancellationToken">Aborts the dead-letter write.</param>
    /// <returns>A task completing when the record is handled.</returns>
    public async ValueTask ReportBadRecordAsync(BadRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        switch (OnBadRecord)
        {
            case BadRecordPolicy.Skip:
                Interlocked.Increment(ref _badRecords);
                break;
            case BadRecordPolicy.DeadLetter:
                await _badRecordHandler(record, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _badRecords);
                break;
            default:
                throw new BadRecordException(record);
        }
    }
}
