namespace Otters;

/// <summary>Where a pipeline's data comes from: a stream of record batches.</summary>
public interface ISource
{
    /// <summary>Gets the schema the source produces, or null when it takes the pipeline's declared schema.</summary>
    Schema? Schema { get; }

    /// <summary>
    /// Streams record batches of <see cref="SourceContext.Schema"/>, about <see cref="SourceContext.BatchSize"/>
    /// rows each. Stops promptly when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="context">The pipeline's settings and the bad-record policy.</param>
    /// <param name="cancellationToken">Stops the source.</param>
    /// <returns>The batches.</returns>
    IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, CancellationToken cancellationToken = default);

    /// <summary>Describes the source for <c>Describe()</c>, e.g. <c>csv ticks.csv</c>.</summary>
    /// <returns>The description.</returns>
    string Describe() => GetType().Name;
}
