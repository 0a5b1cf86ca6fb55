namespace Otters;

/// <summary>
/// A source that wants to know when its rows are safe, e.g. to commit Kafka offsets only after every
/// sink has written the rows before them (at-least-once delivery).
/// </summary>
public interface IAcknowledgingSource : ISource
{
    /// <summary>
    /// Called in the order the batches were yielded, once every sink reached by <paramref name="batch"/>
    /// (and by every batch before it) has written it, or its rows were dropped on purpose or dead-lettered.
    /// </summary>
    /// <param name="batch">The batch exactly as the source yielded it.</param>
    void Acknowledge(RecordBatch batch);
}
