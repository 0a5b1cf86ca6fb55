namespace Otters;

/// <summary>A snapshot of one node's counts. Rows in = rows out + dropped + dead-lettered once the node is idle.</summary>
/// <param name="Name">The node's name.</param>
/// <param name="Kind">What the node does.</param>
/// <param name="RowsIn">Rows the node received (for a source: records it read, bad ones included).</param>
/// <param name="RowsOut">Rows the node passed on (for a sink: rows it wrote).</param>
/// <param name="RowsDropped">Rows dropped on purpose: by a row stage returning null, or bad records skipped.</param>
/// <param name="RowsDeadLettered">Bad records sent to the dead-letter sink.</param>
/// <param name="Batches">Batches the node handled.</param>
/// <param name="QueueDepth">Batches waiting in the node's queue when the snapshot was taken.</param>
public sealed record NodeMetrics(
    string Name,
    NodeKind Kind,
    long RowsIn,
    long RowsOut,
    long RowsDropped,
    long RowsDeadLettered,
    long Batches,
    int QueueDepth);
