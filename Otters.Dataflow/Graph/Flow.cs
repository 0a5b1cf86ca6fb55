using Otters.Graph;
using Otters.Sinks;
using Otters.Sources;
using Otters.Stages;

namespace Otters;

/// <summary>
/// The calls that grow a pipeline: <see cref="Source(string, string?)"/>, <see cref="Stage(Func{Row, Row?}, Schema?, string?)"/>
/// and <see cref="Sink(string)"/>. On a <see cref="Pipeline"/> they append to the last node; on a
/// <see cref="Node"/> handle they attach to that node, so a pipeline can branch and merge.
/// </summary>
public abstract class Flow
{
    private protected Flow()
    {
    }

    /// <summary>Gets the pipeline this flow belongs to.</summary>
    private protected abstract Pipeline Owner { get; }

    /// <summary>Adds a source of dictionaries from an async generator; the pipeline's schema types them.</summary>
    /// <param name="source">The generator, called once when the pipeline runs.</param>
    /// <param name="name">The source's name in <c>Describe()</c> and metrics.</param>
    /// <returns>The source's node.</returns>
    public Node Source(Func<IAsyncEnumerable<IReadOnlyDictionary<string, object?>>> source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Source<IReadOnlyDictionary<string, object?>>(source, name);
    }

    /// <summary>Adds a source of dictionaries or POCOs/records (properties map to columns) from an async generator.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="source">The generator, called once when the pipeline runs.</param>
    /// <param name="name">The source's name in <c>Describe()</c> and metrics.</param>
    /// <returns>The source's node.</returns>
    public Node Source<T>(Func<IAsyncEnumerable<T>> source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return AddSource(new RowSource<T>(_ => source(), RecordSchema<T>(), DescribeDelegate(source, "async " + TypeLabel<T>())), name ?? NameOf(source));
    }

    /// <summary>Adds a source from an async generator that takes the pipeline's stop token, so it can end promptly.</summary>
    /// <typeparam name="T">The record type: dictionaries or POCOs/records.</typeparam>
    /// <param name="source">The generator, called once when the pipeline runs.</param>
    /// <param name="name">The source's name in <c>Describe()</c> and metrics.</param>
    /// <returns>The source's node.</returns>
    public Node Source<T>(Func<CancellationToken, IAsyncEnumerable<T>> source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return AddSource(new RowSource<T>(source, RecordSchema<T>(), DescribeDelegate(source, "async " + TypeLabel<T>())), name ?? NameOf(source));
    }

    /// <summary>Adds a source of dictionaries or POCOs/records from an async enumerable, enumerated once.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="source">The records.</param>
    /// <param name="name">The source's name in <c>Describe()</c> and metrics.</param>
    /// <returns>The source's node.</returns>
    public Node Source<T>(IAsyncEnumerable<T> source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return AddSource(new RowSource<T>(_ => source, RecordSchema<T>(), "async " + TypeLabel<T>()), name);
    }

    /// <summary>Adds a source of dictionaries or POCOs/records from a plain enumerable.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="source">The records.</param>
    /// <param name="name">The source's name in <c>Describe()</c> and metrics.</param>
    /// <returns>The source's node.</returns>
    public Node Source<T>(IEnumerable<T> source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return AddSource(new RowSource<T>(source, RecordSchema<T>(), TypeLabel<T>()), name);
    }

    /// <summary>Adds a source read from a file (by extension: .csv, .parquet, .jsonl, .ndjson, .arrow, .arrows) or a URI (kafka://, postgresql://).</summary>
    /// <param name="pathOrUri">The file path or URI.</param>
    /// <param name="name">The source's name in <c>Describe()</c> and metrics.</param>
    /// <returns>The source's node.</returns>
    public Node Source(string pathOrUri, string? name = null) =>
        AddSource(Connectors.CreateSource(pathOrUri, Owner.DeclaredSchema), name);

    /// <summary>Adds a source.</summary>
    /// <param name="source">The source.</param>
    /// <param name="name">The source's name in <c>Describe()</c> and metrics.</param>
    /// <returns>The source's node.</returns>
    public Node Source(ISource source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return AddSource(source, name);
    }

    /// <summary>Adds a stage running a function per row: change or add fields and return the row, or return null to drop it.</summary>
    /// <param name="stage">The function.</param>
    /// <param name="adds">The fields the function adds, when declared; else inferred from the values it sets.</param>
    /// <param name="name">The stage's name; by default the method's name.</param>
    /// <returns>The stage's node.</returns>
    public Node Stage(Func<Row, Row?> stage, Schema? adds = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var stageName = name ?? NameOf(stage) ?? "row_stage";
        return AddStage(new RowStageRunner(stageName, stage, adds, "row function"));
    }

    /// <summary>Adds a stage running an async function per row; return null to drop the row.</summary>
    /// <param name="stage">The function.</param>
    /// <param name="adds">The fields the function adds, when declared; else inferred from the values it sets.</param>
    /// <param name="name">The stage's name; by default the method's name.</param>
    /// <returns>The stage's node.</returns>
    public Node Stage(Func<Row, ValueTask<Row?>> stage, Schema? adds = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var stageName = name ?? NameOf(stage) ?? "row_stage";
        return AddStage(new RowStageRunner(stageName, stage, adds, "async row function"));
    }

    /// <summary>Adds a <see cref="RowStage"/>.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The stage's node.</returns>
    public Node Stage(RowStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return AddStage(new RowStageRunner(stage.Name, stage.Process, stage.Adds, stage.GetType().Name));
    }

    /// <summary>Adds a <see cref="BatchStage"/>, such as a builtin statistic.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The stage's node.</returns>
    public Node Stage(BatchStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return AddStage(new BatchStageRunner(stage));
    }

    /// <summary>Adds a stage found by its <see cref="StageAttribute"/> name and built from the parameters and the pipeline's services.</summary>
    /// <param name="name">The registered stage name, e.g. <c>rolling_mean</c>.</param>
    /// <param name="parameters">Constructor arguments by parameter name, e.g. <c>on</c> and <c>window</c>.</param>
    /// <returns>The stage's node.</returns>
    public Node Stage(string name, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var instance = StageRegistry.Create(name, parameters, Owner.Options.Services);
        return instance switch
        {
            BatchStage batch => Stage(batch),
            RowStage row => Stage(row),
            _ => throw new InvalidOperationException($"Stage '{name}' is neither a BatchStage nor a RowStage."),
        };
    }

    /// <summary>Adds a sink: a file (by extension) or a URI (kafka://, postgresql://).</summary>
    /// <param name="pathOrUri">The file path or URI.</param>
    /// <returns>The sink's node.</returns>
    public Node Sink(string pathOrUri) => AddSink(Connectors.CreateSink(pathOrUri));

    /// <summary>Adds a sink.</summary>
    /// <param name="sink">The sink.</param>
    /// <returns>The sink's node.</returns>
    public Node Sink(ISink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return AddSink(sink);
    }

    /// <summary>Adds a sink printing rows to a writer, e.g. <see cref="Console.Out"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <returns>The sink's node.</returns>
    public Node Sink(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return AddSink(new TextWriterSink(writer));
    }

    /// <summary>Adds a sink calling a function for every row.</summary>
    /// <param name="sink">The function.</param>
    /// <returns>The sink's node.</returns>
    public Node Sink(Action<Row> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return AddSink(new RowCallbackSink(sink, NameOf(sink) ?? "row callback"));
    }

    /// <summary>Adds a sink awaiting an async function for every row.</summary>
    /// <param name="sink">The function.</param>
    /// <returns>The sink's node.</returns>
    public Node Sink(Func<Row, ValueTask> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return AddSink(new RowCallbackSink(sink, NameOf(sink) ?? "async row callback"));
    }

    /// <summary>Adds a source node fed to where this flow attaches new nodes.</summary>
    private protected abstract Node AddSource(ISource source, string? name);

    /// <summary>Adds a stage node after the nodes this flow attaches to.</summary>
    private protected abstract Node AddStage(StageRunner stage);

    /// <summary>Adds a sink node after the nodes this flow attaches to.</summary>
    private protected abstract Node AddSink(ISink sink);

    private static Schema? RecordSchema<T>() => RecordSchemas.TryInfer<T>();

    private static string TypeLabel<T>() =>
        typeof(IEnumerable<KeyValuePair<string, object?>>).IsAssignableFrom(typeof(T)) ? "dictionaries" : typeof(T).Name;

    private static string DescribeDelegate(Delegate d, string kind) => NameOf(d) is { } n ? $"{n} ({kind})" : kind;

    private static string? NameOf(Delegate d)
    {
        var method = d.Method.Name;

        // A local function compiles to "<Outer>g__Name|0_0"; a lambda to "<Outer>b__0_0", which has no useful name.
        var local = method.IndexOf(">g__", StringComparison.Ordinal);
        if (local >= 0)
        {
            var start = local + 4;
            var end = method.IndexOf('|', start);
            return end > start ? method[start..end] : null;
        }

        return method.Contains('<', StringComparison.Ordinal) || method.Contains('>', StringComparison.Ordinal) ? null : method;
    }
}
