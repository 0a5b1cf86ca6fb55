namespace Otters.Metrics;

/// <summary>A node's running counts. Each node is driven by one block at a time; readers see them through Volatile/Interlocked.</summary>
internal sealed class NodeCounters
{
    private long _rowsIn;
    private long _rowsOut;
    private long _rowsDropped;
    private long _rowsDeadLettered;
    private long _batches;

    public long RowsIn => Interlocked.Read(ref _rowsIn);

    public long RowsOut => Interlocked.Read(ref _rowsOut);

    public long RowsDropped => Interlocked.Read(ref _rowsDropped);

    public long RowsDeadLettered => Interlocked.Read(ref _rowsDeadLettered);

    public long Batches => Interlocked.Read(ref _batches);

    public void AddIn(long rows) => Interlocked.Add(ref _rowsIn, rows);

    public void AddOut(long rows) => Interlocked.Add(ref _rowsOut, rows);

    public void AddDropped(long rows) => Interlocked.Add(ref _rowsDropped, rows);

    public void AddDeadLettered(long rows) => Interlocked.Add(ref _rowsDeadLettered, rows);

    public void AddBatch() => Interlocked.Increment(ref _batches);
}
