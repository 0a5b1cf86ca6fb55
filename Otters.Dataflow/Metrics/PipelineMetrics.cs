namespace Otters;

/// <summary>A snapshot of every node's counts, readable during and after a run.</summary>
public sealed class PipelineMetrics
{
    internal PipelineMetrics(IReadOnlyList<NodeMetrics> nodes)
    {
        Nodes = nodes;
    }

    /// <summary>Gets the nodes' counts, sources first, in the order they were added.</summary>
    public IReadOnlyList<NodeMetrics> Nodes { get; }

    /// <summary>Gets a node's counts by name.</summary>
    /// <param name="name">The node's name, as <c>Describe()</c> shows it.</param>
    public NodeMetrics this[string name] =>
        Nodes.FirstOrDefault(n => n.Name == name)
        ?? throw new KeyNotFoundException($"The pipeline has no node '{name}' (nodes: {string.Join(", ", Nodes.Select(n => n.Name))}).");

    /// <summary>Returns one line per node.</summary>
    /// <returns>The counts as text.</returns>
    public override string ToString() => string.Join(
        Environment.NewLine,
        Nodes.Select(n => $"{n.Kind.ToString().ToLowerInvariant()} '{n.Name}': in {n.RowsIn}, out {n.RowsOut}, dropped {n.RowsDropped}, dead-lettered {n.RowsDeadLettered}, batches {n.Batches}, queued {n.QueueDepth}"));
}
