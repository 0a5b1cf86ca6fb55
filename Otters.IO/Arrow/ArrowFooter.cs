namespace Otters.IO.Arrow;

/// <summary>The decoded <c>Footer</c> of an IPC file.</summary>
/// <param name="Schema">The file's fields.</param>
/// <param name="RecordBatches">Where each record batch lies.</param>
/// <param name="DictionaryCount">The number of dictionary batches (Otters reads none).</param>
internal sealed record ArrowFooter(IReadOnlyList<ArrowField> Schema, ArrowBlock[] RecordBatches, int DictionaryCount);
