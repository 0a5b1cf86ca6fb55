using Otters.Engine;
using Otters.Graph;

namespace Otters;

/// <summary>Running and describing a pipeline.</summary>
public sealed partial class Pipeline
{
    /// <summary>
    /// Builds and runs the pipeline once. Cancelling <paramref name="cancellationToken"/> stops the sources,
    /// drains what is in flight, flushes and closes the sinks, then returns quietly. With no token, Ctrl+C or
    /// SIGTERM does the same and a second Ctrl+C aborts. A failing stage ends the run promptly with an
    /// exception naming it; sinks are closed either way.
    /// </summary>
    /// <param name="cancellationToken">Stops the run gracefully.</param>
    /// <returns>A task completing when every sink is closed.</returns>
    /// <exception cref="SchemaException">The schemas do not fit together.</exception>
    /// <exception cref="InvalidOperationException">The pipeline already ran, or its graph is incomplete.</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("This pipeline has already run (or is running); a pipeline runs once. Build a new Pipeline to run again.");
        }

        var order = GraphBinder.Bind(this);
        if (cancellationToken.CanBeCanceled)
        {
            await new PipelineRunner(this, order, cancellationToken, CancellationToken.None).RunAsync().ConfigureAwait(false);
            return;
        }

        using var signals = new ShutdownSignals();
        await new PipelineRunner(this, order, signals.Stop, signals.Abort).RunAsync().ConfigureAwait(false);
    }

    /// <summary>Returns the graph as text: every node, and every edge with the schema flowing along it.</summary>
    /// <returns>The description.</returns>
    public string Describe() => Describe(DescribeFormat.Text);

    /// <summary>Returns the graph as text or as a Mermaid flowchart, with the schema on every edge.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The description.</returns>
    public string Describe(DescribeFormat format)
    {
        GraphBinder.Bind(this);
        return format == DescribeFormat.Mermaid ? PipelineDescriber.Mermaid(this) : PipelineDescriber.Text(this);
    }
}
