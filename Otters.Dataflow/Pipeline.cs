using System.Diagnostics;
using Otters.Graph;
using Otters.Sinks;
using Otters.Stages;

namespace Otters;

/// <summary>
/// A stream-processing pipeline: sources -> stages -> sinks, run in this process on TPL Dataflow with
/// batching, backpressure, ordered delivery and clean shutdown. Build it with <c>Source</c>, <c>Stage</c>
/// and <c>Sink</c>, then <see cref="RunAsync"/> it once.
/// </summary>
public sealed partial class Pipeline : Flow
{
    private readonly List<GraphNode> _nodes = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private List<GraphNode> _tail = [];
    private bool _tailIsSources;
    private GraphNode? _deadLetter;
    private int _state;

    /// <summary>Initializes a pipeline that takes its schema from a self-describing source (Parquet, Arrow, CSV or JSON header, a record type).</summary>
    public Pipeline()
        : this(null, null, snapshot: true)
    {
    }

    /// <summary>Initializes a pipeline of the given schema.</summary>
    /// <param name="schema">The schema of the records the sources produce.</param>
    public Pipeline(Schema schema)
        : this(schema ?? throw new ArgumentNullException(nameof(schema)), null, snapshot: true)
    {
    }

    /// <summary>Initializes a pipeline of the given schema and options.</summary>
    /// <param name="schema">The schema of the records the sources produce.</param>
    /// <param name="options">Batching, buffering and bad-record settings; copied, so later edits do not apply.</param>
    public Pipeline(Schema schema, PipelineOptions options)
        : this(schema ?? throw new ArgumentNullException(nameof(schema)), options ?? throw new ArgumentNullException(nameof(options)), snapshot: true)
    {
    }

    private Pipeline(Schema? schema, PipelineOptions? options, bool snapshot)
    {
        Debug.Assert(snapshot, "Options are always snapshotted.");
        DeclaredSchema = schema?.Freeze();
        Options = (options ?? new PipelineOptions()).Snapshot();
    }

    /// <summary>Creates a pipeline without a declared schema but with options (used by DI registration).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The pipeline.</returns>
    internal static Pipeline WithoutSchema(PipelineOptions options) => new(null, options, snapshot: true);

    /// <summary>Gets the declared schema, or null when the pipeline takes its sources'.</summary>
    public Schema? DeclaredSchema { get; }

    /// <summary>Gets the pipeline's options (a snapshot taken when it was created).</summary>
    public PipelineOptions Options { get; }

    /// <summary>Gets the counts of every node, during or after a run.</summary>
    public PipelineMetrics Metrics => new(_nodes.Select(n => n.Snapshot()).ToList());

    internal IReadOnlyList<GraphNode> Nodes => _nodes;

    internal GraphNode? DeadLetterNode => _deadLetter;

    /// <inheritdoc/>
    private protected override Pipeline Owner => this;

    /// <summary>Merges several nodes into one: the returned node receives every batch of each, completing when all are done.</summary>
    /// <param name="inputs">The nodes to merge (at least two), of one schema.</param>
    /// <returns>The merge node, to add stages and sinks to.</returns>
    public Node Merge(params Node[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length < 2)
        {
            throw new ArgumentException("Merge needs at least two nodes.", nameof(inputs));
        }

        if (inputs.Any(n => n.Kind is NodeKind.Sink or NodeKind.DeadLetter))
        {
            throw new ArgumentException("A sink has no output to merge; merge sources or stages.", nameof(inputs));
        }

        return AddStageAfter(inputs.Select(n => n.GraphNode).ToList(), new MergeRunner(UniqueName("merge")));
    }

    /// <summary>Sets where bad records go under <see cref="BadRecordPolicy.DeadLetter"/>: a file or URI.</summary>
    /// <param name="pathOrUri">The file path or URI.</param>
    /// <returns>The dead-letter node.</returns>
    public Node DeadLetter(string pathOrUri) => SetDeadLetter(Connectors.CreateSink(pathOrUri));

    /// <summary>Sets where bad records go under <see cref="BadRecordPolicy.DeadLetter"/>.</summary>
    /// <param name="sink">The sink; it receives batches of <see cref="BadRecord.DeadLetterSchema"/>.</param>
    /// <returns>The dead-letter node.</returns>
    public Node DeadLetter(ISink sink) => SetDeadLetter(sink ?? throw new ArgumentNullException(nameof(sink)));

    /// <summary>Sets a writer, e.g. <see cref="Console.Error"/>, to print bad records to.</summary>
    /// <param name="writer">The writer.</param>
    /// <returns>The dead-letter node.</returns>
    public Node DeadLetter(TextWriter writer) => SetDeadLetter(new TextWriterSink(writer ?? throw new ArgumentNullException(nameof(writer))));

    /// <summary>Sets a function called for every bad record (fields source, location, error, record).</summary>
    /// <param name="sink">The function.</param>
    /// <returns>The dead-letter node.</returns>
    public Node DeadLetter(Action<Row> sink) => SetDeadLetter(new RowCallbackSink(sink ?? throw new ArgumentNullException(nameof(sink)), "dead-letter callback"));

    /// <summary>Sets an async function awaited for every bad record.</summary>
    /// <param name="sink">The function.</param>
    /// <returns>The dead-letter node.</returns>
    public Node DeadLetter(Func<Row, ValueTask> sink) => SetDeadLetter(new RowCallbackSink(sink ?? throw new ArgumentNullException(nameof(sink)), "dead-letter callback"));

    /// <summary>Binds every node's schema and checks the graph, as <see cref="RunAsync"/> does first; throws <see cref="SchemaException"/> naming the stage and column.</summary>
    public void Validate() => GraphBinder.Bind(this);

    /// <inheritdoc/>
    private protected override Node AddSource(ISource source, string? name)
    {
        var node = NewNode(NodeKind.Source, name ?? source.Describe(), source: source);
        if (!_tailIsSources)
        {
            _tail = [];
        }

        _tail.Add(node);
        _tailIsSources = true;
        return new Node(this, node);
    }

    /// <inheritdoc/>
    private protected override Node AddStage(StageRunner stage)
    {
        if (_tail.Count == 0)
        {
            throw new InvalidOperationException($"Add a source before stage '{stage.Name}'.");
        }

        return AddStageAfter(_tail, stage);
    }

    /// <inheritdoc/>
    private protected override Node AddSink(ISink sink)
    {
        if (_tail.Count == 0)
        {
            throw new InvalidOperationException($"Add a source before sink '{sink.Describe()}'.");
        }

        return AddSinkAfter(_tail, sink, NodeKind.Sink);
    }

    internal Node AddSourceInto(ISource source, string? name, GraphNode target)
    {
        var node = NewNode(NodeKind.Source, name ?? source.Describe(), source: source);
        node.Connect(target);
        return new Node(this, node);
    }

    internal Node AddStageAfter(IReadOnlyList<GraphNode> inputs, StageRunner stage)
    {
        var node = NewNode(NodeKind.Stage, stage.Name, stage: stage);
        foreach (var input in inputs.ToList())
        {
            input.Connect(node);
        }

        _tail = [node];
        _tailIsSources = false;
        return new Node(this, node);
    }

    internal Node AddSinkAfter(IReadOnlyList<GraphNode> inputs, ISink sink, NodeKind kind)
    {
        var node = NewNode(kind, sink.Describe(), sink: sink);
        foreach (var input in inputs)
        {
            input.Connect(node);
        }

        return new Node(this, node);
    }

    private Node SetDeadLetter(ISink sink)
    {
        if (_deadLetter is not null)
        {
            throw new InvalidOperationException($"The pipeline already has a dead-letter sink ('{_deadLetter.Name}').");
        }

        _deadLetter = NewNode(NodeKind.DeadLetter, sink.Describe(), sink: sink);
        _deadLetter.Schema = BadRecord.DeadLetterSchema;
        return new Node(this, _deadLetter);
    }

    private GraphNode NewNode(NodeKind kind, string name, ISource? source = null, StageRunner? stage = null, ISink? sink = null)
    {
        ThrowIfStarted();
        var node = new GraphNode(_nodes.Count, kind, UniqueName(name)) { Source = source, Stage = stage, Sink = sink };
        _nodes.Add(node);
        return node;
    }

    private string UniqueName(string name)
    {
        var unique = name;
        for (var i = 2; !_names.Add(unique); i++)
        {
            unique = $"{name}#{i}";
        }

        return unique;
    }

    private void ThrowIfStarted()
    {
        if (Volatile.Read(ref _state) != 0)
        {
            throw new InvalidOperationException("This pipeline has already run; a pipeline cannot change once it runs. Build a new Pipeline to add sources, stages or sinks.");
        }
    }
}
