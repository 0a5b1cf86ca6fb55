using System.Threading.Tasks.Dataflow;
using Otters.Graph;
using Otters.Metrics;

namespace Otters.Engine;

/// <summary>
/// Runs a bound pipeline graph on TPL Dataflow: a pump per source, a bounded TransformBlock per stage, a
/// bounded ActionBlock per sink. Completion is wired by hand so a merged node completes only when every
/// input has; fan-out awaits every branch so none is skipped; a fault anywhere cancels one pipeline-wide
/// token so no block stays blocked on a full queue; sinks are always closed.
/// </summary>
internal sealed partial class PipelineRunner
{
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(30);

    private readonly Pipeline _pipeline;
    private readonly List<GraphNode> _order;
    private readonly PipelineOptions _options;
    private readonly Dictionary<GraphNode, ITargetBlock<Envelope>> _inputs = [];
    private readonly Dictionary<GraphNode, Task> _outputDone = [];
    private readonly Dictionary<GraphNode, SinkState> _sinks = [];
    private readonly List<Task> _pumps = [];
    private readonly List<Task> _blocks = [];
    private readonly CancellationTokenSource _abort;
    private readonly CancellationToken _stop;
    private Exception? _fault;

    public PipelineRunner(Pipeline pipeline, List<GraphNode> order, CancellationToken stop, CancellationToken abort)
    {
        _pipeline = pipeline;
        _order = order;
        _options = pipeline.Options;
        _stop = stop;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(abort);
    }

    public async Task RunAsync()
    {
        using var depths = OttersMeter.TrackDepths(ObserveDepths);
        try
        {
            BuildBlocks();
            StartSources();
            WireCompletion();
            try
            {
                await Task.WhenAll(_sinks.Values.Select(s => s.Block.Completion).Concat(_pumps)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Fail(ex);
            }

            // A source can see a failed block refuse its batch before that block's completion reports the
            // failure; wait for every block so the cause, not the refusal, is what the run throws.
            var all = _blocks.Concat(_pumps).ToArray();
            await Task.WhenAll(all).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            foreach (var failed in all.Where(t => t.IsFaulted))
            {
                foreach (var inner in failed.Exception!.Flatten().InnerExceptions.Where(e => e is not OperationCanceledException))
                {
                    Fail(inner);
                }
            }
        }
        finally
        {
            await CloseSinksAsync().ConfigureAwait(false);
            _abort.Dispose();
        }

        if (_fault is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_fault);
        }
    }

    private void BuildBlocks()
    {
        if (_pipeline.DeadLetterNode is { } deadLetter)
        {
            _inputs[deadLetter] = CreateSinkBlock(deadLetter);
        }

        for (var i = _order.Count - 1; i >= 0; i--)
        {
            var node = _order[i];
            switch (node.Kind)
            {
                case NodeKind.Sink:
                    _inputs[node] = CreateSinkBlock(node);
                    _outputDone[node] = _inputs[node].Completion;
                    break;
                case NodeKind.Stage:
                    CreateStageBlock(node);
                    break;
            }
        }
    }

    /// <summary>Completes each node's input once every node feeding it has delivered all its output.</summary>
    private void WireCompletion()
    {
        foreach (var node in _order.Where(n => n.Kind != NodeKind.Source))
        {
            var target = _inputs[node];
            Task.WhenAll(node.Inputs.Select(input => _outputDone[input])).ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        target.Complete();
                    }
                    else
                    {
                        target.Fault(new OperationCanceledException("An upstream node failed or the run was aborted."));
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void CreateStageBlock(GraphNode node)
    {
        var runner = node.Stage!;
        var counters = node.Counters;
        var options = new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = _options.BoundedCapacity,
            MaxDegreeOfParallelism = 1,
            EnsureOrdered = true,
            SingleProducerConstrained = false,
            CancellationToken = _abort.Token,
        };

        TransformBlock<Envelope, Envelope> block = runner.IsAsync
            ? new(async envelope => Account(node, envelope, await runner.ProcessAsync(envelope.Batch).ConfigureAwait(false)), options)
            : new(envelope => Account(node, envelope, runner.Process(envelope.Batch)), options);
        node.QueueDepth = () => block.InputCount + block.OutputCount;
        _inputs[node] = block;
        Watch(block.Completion);

        var targets = node.Outputs.Select(o => _inputs[o]).ToArray();
        if (targets.Length == 1)
        {
            block.LinkTo(targets[0], new DataflowLinkOptions { PropagateCompletion = false });
            _outputDone[node] = block.Completion;
            return;
        }

        // Fan-out: every branch gets every batch; a slow branch holds the others back instead of losing data.
        var fanOut = new ActionBlock<Envelope>(
            envelope => SendToAllAsync(targets, envelope),
            new ExecutionDataflowBlockOptions { BoundedCapacity = 1, CancellationToken = _abort.Token });
        block.LinkTo(fanOut, new DataflowLinkOptions { PropagateCompletion = true });
        Watch(fanOut.Completion);
        _outputDone[node] = fanOut.Completion;
        _ = counters;
    }

    private Envelope Account(GraphNode node, Envelope input, RecordBatch output)
    {
        var counters = node.Counters;
        counters.AddIn(input.Batch.Length);
        counters.AddOut(output.Length);
        var dropped = input.Batch.Length - output.Length;
        if (dropped > 0)
        {
            counters.AddDropped(dropped);
        }

        counters.AddBatch();
        OttersMeter.Record(_options.Name, node.Name, input.Batch.Length, output.Length, Math.Max(dropped, 0), 0);
        return input with { Batch = output };
    }

    private async Task SendToAllAsync(ITargetBlock<Envelope>[] targets, Envelope envelope)
    {
        foreach (var target in targets)
        {
            if (!await target.SendAsync(envelope, _abort.Token).ConfigureAwait(false))
            {
                throw new OperationCanceledException("A downstream node stopped accepting batches because the run failed or was aborted.");
            }
        }
    }

    private void Watch(Task completion)
    {
        _blocks.Add(completion);
        completion.ContinueWith(
            t => Fail(t.Exception!.InnerException ?? t.Exception),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Fail(Exception exception)
    {
        var root = exception is AggregateException { InnerExceptions.Count: > 0 } agg ? agg.InnerExceptions[0] : exception;
        if (root is OperationCanceledException && _fault is not null)
        {
            return;
        }

        // Cancellations caused by the abort itself are consequences, not the cause.
        if (root is OperationCanceledException && _abort.IsCancellationRequested)
        {
            Interlocked.CompareExchange(ref _fault, root, null);
            return;
        }

        if (Interlocked.CompareExchange(ref _fault, root, null) is OperationCanceledException)
        {
            _fault = root;
        }

        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run already ended.
        }
    }

    private IEnumerable<(string Pipeline, string Node, int Depth)> ObserveDepths() =>
        _order.Where(n => n.QueueDepth is not null).Select(n => (_options.Name, n.Name, n.QueueDepth!())).ToList();
}
