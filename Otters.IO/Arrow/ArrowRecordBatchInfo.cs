namespace Otters.IO.Arrow;

/// <summary>The decoded <c>RecordBatch</c> header: the batch length and where each column's buffers lie.</summary>
/// <param name="Length">The number of rows.</param>
/// <param name="Nodes">One node per flattened field.</param>
/// <param name="Buffers">The buffers, in the order of the flattened fields.</param>
internal sealed record ArrowRecordBatchInfo(long Length, ArrowFieldNode[] Nodes, ArrowBufferRegion[] Buffers);
