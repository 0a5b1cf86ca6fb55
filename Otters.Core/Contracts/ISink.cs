namespace Otters;

/// <summary>Where a pipeline's data goes. The engine calls one method at a time, in order.</summary>
public interface ISink
{
    /// <summary>Checks, when the pipeline is built, that the sink can take <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema the sink will receive.</param>
    /// <exception cref="SchemaException">The sink cannot take the schema.</exception>
    void Validate(Schema schema)
    {
    }

    /// <summary>Opens the sink (a file, a connection) before the first batch, or at the end when no batch came.</summary>
    /// <param name="schema">The schema of the batches to come.</param>
    /// <param name="cancellationToken">Aborts the open.</param>
    /// <returns>A task completing when the sink is open.</returns>
    ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default);

    /// <summary>Writes a batch; returns once it is written (durably, for sinks that promise that).</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Aborts the write.</param>
    /// <returns>A task completing when the batch is written.</returns>
    ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Flushes and finalizes (a CSV's last bytes, a Parquet footer). Always called, also after a fault or cancellation.</summary>
    /// <param name="cancellationToken">Aborts the close.</param>
    /// <returns>A task completing when the sink is closed.</returns>
    ValueTask CloseAsync(CancellationToken cancellationToken = default);

    /// <summary>Describes the sink for <c>Describe()</c>, e.g. <c>csv results.csv</c>.</summary>
    /// <returns>The description.</returns>
    string Describe() => GetType().Name;
}
