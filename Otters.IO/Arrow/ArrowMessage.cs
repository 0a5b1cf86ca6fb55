namespace Otters.IO.Arrow;

/// <summary>A decoded IPC <c>Message</c>: its header type and body length with the header it carries.</summary>
/// <param name="Type">The header's type.</param>
/// <param name="BodyLength">The length of the body that follows the metadata.</param>
/// <param name="Schema">The fields, when <paramref name="Type"/> is a schema.</param>
/// <param name="RecordBatch">The batch layout, when <paramref name="Type"/> is a record batch.</param>
internal sealed record ArrowMessage(ArrowMessageType Type, long BodyLength, IReadOnlyList<ArrowField>? Schema, ArrowRecordBatchInfo? RecordBatch);
