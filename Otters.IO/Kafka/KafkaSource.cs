using System.Runtime.CompilerServices;

namespace Otters.IO.Kafka;

/// <summary>
/// Reads JSON messages from Kafka topics as a member of a consumer group
/// (<c>kafka://host:port/topic1,topic2?group=G</c>). Each message value is a JSON object whose fields
/// map to columns by name; a column named <c>key</c> takes the message key. A message that does not fit
/// follows the pipeline's bad-record policy, located as <c>topic/partition/offset</c>. Offsets are
/// committed only for batches the pipeline acknowledged, so a crash replays and never loses rows.
/// </summary>
internal sealed class KafkaSource : IAcknowledgingSource
{
    private volatile KafkaConsumerRun? _run;

    /// <summary>Initializes a source.</summary>
    /// <param name="address">The parsed address; it must name a consumer group.</param>
    /// <exception cref="ArgumentException">The address names no group.</exception>
    public KafkaSource(KafkaAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (string.IsNullOrEmpty(address.Group))
        {
            throw new ArgumentException(
                $"The Kafka source '{address}' needs a consumer group, which keeps its committed offsets: add ?group=NAME to the address.",
                nameof(address));
        }

        Address = address;
    }

    /// <summary>Initializes a source from an address such as <c>kafka://localhost:9092/ticks?group=g</c>.</summary>
    /// <param name="address">The address.</param>
    public KafkaSource(string address)
        : this(KafkaAddress.Parse(address))
    {
    }

    /// <summary>Gets the address.</summary>
    public KafkaAddress Address { get; }

    /// <summary>Gets how long stopping waits for the pipeline to acknowledge batches already yielded.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <inheritdoc/>
    /// <remarks>Kafka messages carry no schema: the pipeline's declared schema is used.</remarks>
    public Schema? Schema => null;

    /// <inheritdoc/>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        KafkaNative.EnsureLoaded();
        var run = new KafkaConsumerRun(this, context) { DrainTimeout = DrainTimeout };
        _run = run;
        try
        {
            run.Start();
            await foreach (var batch in run.Batches.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Acknowledge(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _run?.Acknowledge(batch);
    }

    /// <summary>
    /// Drops the current consumer as a killed process would: no final commit and no leaving the group, so
    /// its partitions move only after the session times out. For tests of crash recovery.
    /// </summary>
    /// <returns>A task completing when the consumer is gone.</returns>
    internal ValueTask KillAsync() => _run?.AbandonAsync() ?? ValueTask.CompletedTask;

    /// <inheritdoc/>
    public string Describe() => $"kafka {Address} group {Address.Group}";
}
