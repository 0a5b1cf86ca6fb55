using Otters.Metrics;
using Otters.Stages;

namespace Otters.Graph;

/// <summary>A node of the pipeline graph as the builder records it: what it is, what feeds it and what it feeds.</summary>
internal sealed class GraphNode
{
    public GraphNode(int id, NodeKind kind, string name)
    {
        Id = id;
        Kind = kind;
        Name = name;
    }

    public int Id { get; }

    public NodeKind Kind { get; }

    public string Name { get; }

    public List<GraphNode> Inputs { get; } = [];

    public List<GraphNode> Outputs { get; } = [];

    public ISource? Source { get; init; }

    public StageRunner? Stage { get; init; }

    public ISink? Sink { get; init; }

    /// <summary>Gets or sets the schema this node emits (for a sink: the schema it receives), once bound.</summary>
    public Schema? Schema { get; set; }

    /// <summary>Gets or sets a value indicating whether columns may still be added at run time (inferred by a row stage).</summary>
    public bool OpenSchema { get; set; }

    public NodeCounters Counters { get; } = new();

    /// <summary>Gets or sets how many batches wait in the node's queue; set by the engine while it runs.</summary>
    public Func<int>? QueueDepth { get; set; }

    public void Connect(GraphNode target)
    {
        Outputs.Add(target);
        target.Inputs.Add(this);
    }

    public string Label => Kind switch
    {
        NodeKind.Source => $"source '{Name}'",
        NodeKind.Stage => $"stage '{Name}'",
        NodeKind.Sink => $"sink '{Name}'",
        _ => $"dead-letter sink '{Name}'",
    };

    public NodeMetrics Snapshot() => new(
        Name,
        Kind,
        Counters.RowsIn,
        Counters.RowsOut,
        Counters.RowsDropped,
        Counters.RowsDeadLettered,
        Counters.Batches,
        QueueDepth?.Invoke() ?? 0);
}
