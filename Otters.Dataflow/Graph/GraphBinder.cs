namespace Otters.Graph;

/// <summary>
/// Binds every node's schema in topological order and checks the graph before data flows: sources
/// describe or take the declared schema, merged inputs agree, stages accept their input, sinks accept
/// theirs, and every source reaches a sink.
/// </summary>
internal static class GraphBinder
{
    public static List<GraphNode> Bind(Pipeline pipeline)
    {
        var nodes = pipeline.Nodes.Where(n => n.Kind != NodeKind.DeadLetter).ToList();
        if (!nodes.Any(n => n.Kind == NodeKind.Source))
        {
            throw new InvalidOperationException("The pipeline has no source; add one with Source(...).");
        }

        var order = TopologicalOrder(nodes);
        foreach (var node in order)
        {
            switch (node.Kind)
            {
                case NodeKind.Source:
                    BindSource(pipeline, node);
                    break;
                case NodeKind.Stage:
                    var (input, open) = InputSchema(node);
                    (node.Schema, node.OpenSchema) = node.Stage!.Bind(input, open);
                    break;
                default:
                    (node.Schema, node.OpenSchema) = InputSchema(node);
                    if (!node.OpenSchema)
                    {
                        node.Sink!.Validate(node.Schema);
                    }

                    break;
            }
        }

        foreach (var node in order.Where(n => n.Kind != NodeKind.Sink && n.Outputs.Count == 0))
        {
            throw new InvalidOperationException($"The {node.Label} feeds no sink; add a sink after it (or remove it).");
        }

        if (pipeline.Options.OnBadRecord == BadRecordPolicy.DeadLetter && pipeline.DeadLetterNode is null)
        {
            throw new InvalidOperationException("PipelineOptions.OnBadRecord is DeadLetter but the pipeline has no dead-letter sink; set one with DeadLetter(...).");
        }

        if (pipeline.DeadLetterNode is { } deadLetter)
        {
            deadLetter.Sink!.Validate(BadRecord.DeadLetterSchema);
        }

        return order;
    }

    private static void BindSource(Pipeline pipeline, GraphNode node)
    {
        var own = node.Source!.Schema;
        var declared = pipeline.DeclaredSchema;
        if (own is not null && declared is not null && !own.Equals(declared) && !IsRecordSchema(node))
        {
            throw new SchemaException($"Source '{node.Name}' produces columns ({own}), but the pipeline declares ({declared}).");
        }

        node.Schema = declared ?? own
            ?? throw new SchemaException($"Source '{node.Name}' does not describe its columns and the pipeline has no schema; pass a Schema to new Pipeline(schema).");
        node.OpenSchema = false;
    }

    // Record sources infer a schema from their type only for pipelines without one; a declared schema wins.
    private static bool IsRecordSchema(GraphNode node) => node.Source!.GetType().IsGenericType
        && node.Source.GetType().GetGenericTypeDefinition() == typeof(Sources.RowSource<>);

    private static (Schema Schema, bool Open) InputSchema(GraphNode node)
    {
        var first = node.Inputs[0];
        foreach (var other in node.Inputs.Skip(1))
        {
            if (!first.OpenSchema && !other.OpenSchema && !first.Schema!.Equals(other.Schema))
            {
                throw new SchemaException($"The {node.Label} merges inputs of different columns: '{first.Name}' gives ({first.Schema}) but '{other.Name}' gives ({other.Schema}).");
            }
        }

        return (first.Schema!, node.Inputs.Any(i => i.OpenSchema));
    }

    private static List<GraphNode> TopologicalOrder(List<GraphNode> nodes)
    {
        var pending = nodes.ToDictionary(n => n, n => n.Inputs.Count);
        var ready = new Queue<GraphNode>(nodes.Where(n => n.Inputs.Count == 0));
        var order = new List<GraphNode>(nodes.Count);
        while (ready.Count > 0)
        {
            var node = ready.Dequeue();
            if (node.Kind != NodeKind.Source && node.Inputs.Count == 0)
            {
                throw new InvalidOperationException($"The {node.Label} has no input.");
            }

            order.Add(node);
            foreach (var output in node.Outputs)
            {
                if (--pending[output] == 0)
                {
                    ready.Enqueue(output);
                }
            }
        }

        return order;
    }
}
