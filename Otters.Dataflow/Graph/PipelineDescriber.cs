using System.Text;

namespace Otters.Graph;

/// <summary>Renders a bound pipeline graph as text or Mermaid.</summary>
internal static class PipelineDescriber
{
    public static string Text(Pipeline pipeline)
    {
        var nodes = pipeline.Nodes;
        var sb = new StringBuilder();
        sb.Append(CultureInfoInvariant($"Pipeline '{pipeline.Options.Name}': {Count(nodes, NodeKind.Source)} source(s), {Count(nodes, NodeKind.Stage)} stage(s), {Count(nodes, NodeKind.Sink)} sink(s)"));
        sb.Append(CultureInfoInvariant($" (batch size {pipeline.Options.BatchSize}, linger {pipeline.Options.Linger.TotalMilliseconds} ms, capacity {pipeline.Options.BoundedCapacity}, bad records: {pipeline.Options.OnBadRecord})")).AppendLine();
        foreach (var node in nodes)
        {
            sb.Append("  ").Append(node.Label).Append(" [").Append(Implementation(node)).Append(']').AppendLine();
            foreach (var output in node.Outputs)
            {
                sb.Append("    -> ").Append(output.Label).Append(": ").Append(SchemaText(node)).AppendLine();
            }

            if (node.Kind == NodeKind.Source && pipeline.DeadLetterNode is { } deadLetter)
            {
                sb.Append("    -> ").Append(deadLetter.Label).Append(" (bad records): ").Append(BadRecord.DeadLetterSchema).AppendLine();
            }
        }

        return sb.ToString();
    }

    public static string Mermaid(Pipeline pipeline)
    {
        var sb = new StringBuilder("graph LR").AppendLine();
        foreach (var node in pipeline.Nodes)
        {
            var (open, close) = node.Kind switch
            {
                NodeKind.Source => ("([", "])"),
                NodeKind.Stage => ("[", "]"),
                _ => ("[(", ")]"),
            };
            sb.Append("  n").Append(node.Id).Append(open).Append('"').Append(Escape(node.Label)).Append('"').Append(close).AppendLine();
        }

        foreach (var node in pipeline.Nodes)
        {
            foreach (var output in node.Outputs)
            {
                sb.Append("  n").Append(node.Id).Append(" -->|\"").Append(Escape(SchemaText(node))).Append("\"| n").Append(output.Id).AppendLine();
            }

            if (node.Kind == NodeKind.Source && pipeline.DeadLetterNode is { } deadLetter)
            {
                sb.Append("  n").Append(node.Id).Append(" -.->|\"bad records\"| n").Append(deadLetter.Id).AppendLine();
            }
        }

        return sb.ToString();
    }

    private static string SchemaText(GraphNode node) =>
        node.Schema is null ? "(unbound)" : node.OpenSchema ? $"{node.Schema}, + columns inferred at run time" : node.Schema.ToString();

    private static string Implementation(GraphNode node) => node.Kind switch
    {
        NodeKind.Source => node.Source!.Describe(),
        NodeKind.Stage => node.Stage!.Describe(),
        _ => node.Sink!.Describe(),
    };

    private static int Count(IReadOnlyList<GraphNode> nodes, NodeKind kind) => nodes.Count(n => n.Kind == kind);

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
