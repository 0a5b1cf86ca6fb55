namespace Otters.Engine;

/// <summary>
/// Acknowledges an <see cref="IAcknowledgingSource"/>'s batches in the order it yielded them: a batch is
/// acknowledged once every sink path it takes has written it and every earlier batch is acknowledged.
/// </summary>
internal sealed class AckTracker(IAcknowledgingSource source, int paths)
{
    private readonly SortedDictionary<long, RecordBatch> _done = [];
    private readonly object _gate = new();
    private long _issued;
    private long _next;

    public AckTicket Issue(RecordBatch batch) => new(this, _issued++, batch, paths);

    internal void Complete(long sequence, RecordBatch batch)
    {
        lock (_gate)
        {
            _done.Add(sequence, batch);
            while (_done.Remove(_next, out var ready))
            {
                source.Acknowledge(ready);
                _next++;
            }
        }
    }
}

/// <summary>Counts down the sink paths a batch still has to reach.</summary>
internal sealed class AckTicket(AckTracker tracker, long sequence, RecordBatch batch, int paths)
{
    private int _remaining = paths;

    public void Release()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            tracker.Complete(sequence, batch);
        }
    }
}
