using Confluent.Kafka;

namespace Otters.IO.Kafka;

/// <summary>
/// Remembers, for each batch a Kafka source yielded and the pipeline has not yet acknowledged, the
/// highest offset per partition among the messages it covers (its rows and any bad messages consumed
/// since the batch before). Acknowledging a batch releases exactly those offsets, so a source only ever
/// stores (and so commits) an offset once every row before it is written.
/// </summary>
/// <remarks>
/// The consumer thread calls <see cref="Track"/>, <see cref="Seal"/> and <see cref="SealWithoutRows"/>;
/// the pipeline calls <see cref="Acknowledge"/> from its own thread.
/// </remarks>
internal sealed class KafkaOffsetLedger
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Entry> _pending = new();
    private TaskCompletionSource? _drained;

    // Messages consumed since the last seal; touched by the consumer thread only.
    private Dictionary<(string Topic, int Partition), long> _current = [];
    private string? _lastTopic;
    private int _lastPartition = -1;
    private long _lastOffset = -1;

    /// <summary>Gets the number of yielded batches not yet acknowledged.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Gets whether messages were consumed since the last seal.</summary>
    public bool HasUnsealed => _lastTopic is not null || _current.Count > 0;

    /// <summary>Records that a message was consumed (appended as a row, or handled as a bad record).</summary>
    /// <param name="topic">The message's topic.</param>
    /// <param name="partition">The message's partition.</param>
    /// <param name="offset">The message's offset.</param>
    public void Track(string topic, int partition, long offset)
    {
        // Messages come in runs from one partition: keep the run's offset in fields, not the dictionary.
        if (partition == _lastPartition && _lastTopic is not null && (ReferenceEquals(topic, _lastTopic) || topic == _lastTopic))
        {
            _lastOffset = offset;
            return;
        }

        FlushLast();
        _lastTopic = topic;
        _lastPartition = partition;
        _lastOffset = offset;
    }

    /// <summary>Binds the messages consumed since the last seal to <paramref name="batch"/>, about to be yielded.</summary>
    /// <param name="batch">The batch.</param>
    public void Seal(RecordBatch batch)
    {
        var entry = new Entry(batch, TakeCurrent());
        lock (_lock)
        {
            _pending.AddLast(entry);
        }
    }

    /// <summary>
    /// Settles messages consumed since the last seal that produced no row (all bad): their offsets join the
    /// newest unacknowledged batch, or, when every batch is acknowledged, are returned to be stored now.
    /// </summary>
    /// <returns>The offsets to store now (next offsets to read), or an empty list.</returns>
    public IReadOnlyList<TopicPartitionOffset> SealWithoutRows()
    {
        var offsets = TakeCurrent();
        lock (_lock)
        {
            if (_pending.Last is { } newest)
            {
                foreach (var (tp, offset) in offsets)
                {
                    newest.Value.Offsets[tp] = offset;
                }

                return [];
            }
        }

        return ToCommit(offsets);
    }

    /// <summary>Releases the offsets of <paramref name="batch"/> and of any batch yielded before it.</summary>
    /// <param name="batch">The acknowledged batch.</param>
    /// <returns>The offsets to store (next offsets to read), or an empty list for a batch this ledger does not know.</returns>
    public IReadOnlyList<TopicPartitionOffset> Acknowledge(RecordBatch batch)
    {
        Dictionary<(string Topic, int Partition), long>? released = null;
        lock (_lock)
        {
            if (!_pending.Any(e => ReferenceEquals(e.Batch, batch)))
            {
                return [];
            }

            while (_pending.First is { } first)
            {
                var entry = first.Value;
                _pending.RemoveFirst();
                if (released is null)
                {
                    released = entry.Offsets;
                }
                else
                {
                    foreach (var (tp, offset) in entry.Offsets)
                    {
                        released[tp] = offset;
                    }
                }

                if (ReferenceEquals(entry.Batch, batch))
                {
                    break;
                }
            }

            SignalIfDrained();
        }

        return released is null ? [] : ToCommit(released);
    }

    /// <summary>Forgets a batch that was sealed but will never be yielded (the run stopped first).</summary>
    /// <param name="batch">The batch.</param>
    public void Forget(RecordBatch batch)
    {
        lock (_lock)
        {
            for (var node = _pending.Last; node is not null; node = node.Previous)
            {
                if (ReferenceEquals(node.Value.Batch, batch))
                {
                    _pending.Remove(node);
                    break;
                }
            }

            SignalIfDrained();
        }
    }

    /// <summary>Returns a task that completes once no yielded batch awaits acknowledgement.</summary>
    /// <returns>The task.</returns>
    public Task WhenDrained()
    {
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    private void SignalIfDrained()
    {
        if (_pending.Count == 0)
        {
            _drained?.TrySetResult();
        }
    }

    private static List<TopicPartitionOffset> ToCommit(Dictionary<(string Topic, int Partition), long> offsets)
    {
        // Kafka's committed offset is the next one to read.
        var result = new List<TopicPartitionOffset>(offsets.Count);
        foreach (var ((topic, partition), offset) in offsets)
        {
            result.Add(new TopicPartitionOffset(topic, partition, offset + 1));
        }

        return result;
    }

    private Dictionary<(string Topic, int Partition), long> TakeCurrent()
    {
        FlushLast();
        var offsets = _current;
        _current = [];
        return offsets;
    }

    private void FlushLast()
    {
        if (_lastTopic is not null)
        {
            _current[(_lastTopic, _lastPartition)] = _lastOffset;
            _lastTopic = null;
            _lastPartition = -1;
        }
    }

    private sealed record Entry(RecordBatch Batch, Dictionary<(string Topic, int Partition), long> Offsets);
}
