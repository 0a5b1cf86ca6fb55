using Otters.Graph;
using Otters.Stages;

namespace Otters;

/// <summary>
/// A handle on one node of a pipeline. <c>Stage</c> and <c>Sink</c> on a handle attach to this node, so
/// one node can feed several branches (each receives every batch); <c>Source</c> adds another source
/// feeding this node (a merge).
/// </summary>
public sealed class Node : Flow
{
    private readonly Pipeline _pipeline;

    internal Node(Pipeline pipeline, GraphNode graphNode)
    {
        _pipeline = pipeline;
        GraphNode = graphNode;
    }

    /// <summary>Gets the node's name, as <c>Describe()</c> and metrics show it.</summary>
    public string Name => GraphNode.Name;

    /// <summary>Gets what the node does.</summary>
    public NodeKind Kind => GraphNode.Kind;

    internal GraphNode GraphNode { get; }

    /// <inheritdoc/>
    private protected override Pipeline Owner => _pipeline;

    /// <summary>Returns the node's kind and name.</summary>
    /// <returns>The label.</returns>
    public override string ToString() => GraphNode.Label;

    /// <inheritdoc/>
    private protected override Node AddSource(ISource source, string? name)
    {
        if (Kind == NodeKind.Source)
        {
            throw new InvalidOperationException($"Source '{Name}' has no inputs, so no source can feed it; to merge sources, call Stage on pipeline.Merge(a, b) or add both with pipeline.Source(...).");
        }

        return _pipeline.AddSourceInto(source, name, GraphNode);
    }

    /// <inheritdoc/>
    private protected override Node AddStage(StageRunner stage) => _pipeline.AddStageAfter([GraphNode], stage);

    /// <inheritdoc/>
    private protected override Node AddSink(ISink sink) => _pipeline.AddSinkAfter([GraphNode], sink, NodeKind.Sink);
}
