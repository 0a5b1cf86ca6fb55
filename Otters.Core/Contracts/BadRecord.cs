namespace Otters;

/// <summary>A record a source could not turn into a row of its schema.</summary>
/// <param name="Source">The source: a file name, a topic, a source node's name.</param>
/// <param name="Location">Where in the source: <c>line 12</c>, <c>row 7</c>, <c>topic/partition/offset</c>.</param>
/// <param name="Error">What is wrong, as a sentence naming the field, expected type and value.</param>
/// <param name="Raw">The record as the source had it (a line of text, a message payload), when available.</param>
public sealed record BadRecord(string Source, string Location, string Error, string? Raw)
{
    /// <summary>Gets the schema of the batches a dead-letter sink receives.</summary>
    public static Schema DeadLetterSchema { get; } = new Schema(
    [
        new Field("source", ColumnType.String),
        new Field("location", ColumnType.String),
        new Field("error", ColumnType.String),
        new Field("record", ColumnType.String),
    ]);
}
