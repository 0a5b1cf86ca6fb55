using System.Threading.Tasks.Dataflow;
using Otters.Graph;
using Otters.Metrics;

namespace Otters.Engine;

/// <summary>The source pumps and the sink blocks of a run.</summary>
internal sealed partial class PipelineRunner
{
    private ActionBlock<Envelope> CreateSinkBlock(GraphNode node)
    {
        var state = new SinkState(node);
        var block = new ActionBlock<Envelope>(
            envelope => WriteAsync(state, envelope),
            new ExecutionDataflowBlockOptions
            {
                BoundedCapacity = _options.BoundedCapacity,
                MaxDegreeOfParallelism = 1,
                CancellationToken = _abort.Token,
            });
        state.Block = block;
        node.QueueDepth = () => block.InputCount;
        _sinks[node] = state;
        Watch(block.Completion);
        return block;
    }

    private async Task WriteAsync(SinkState state, Envelope envelope)
    {
        var node = state.Node;
        var batch = envelope.Batch;
        if (batch.Length > 0)
        {
            if (!state.Opened)
            {
                if (node.OpenSchema)
                {
                    // The schema was inferred from data, so the sink sees it only now.
                    node.Sink!.Validate(batch.Schema);
                }

                await node.Sink!.OpenAsync(batch.Schema, _abort.Token).ConfigureAwait(false);
                state.Opened = true;
            }

            await node.Sink!.WriteAsync(batch, _abort.Token).ConfigureAwait(false);
        }

        node.Counters.AddIn(batch.Length);
        node.Counters.AddOut(batch.Length);
        node.Counters.AddBatch();
        OttersMeter.Record(_options.Name, node.Name, batch.Length, batch.Length, 0, 0);
        envelope.Ticket?.Release();
    }

    private void StartSources()
    {
        var sources = _order.Where(n => n.Kind == NodeKind.Source).ToList();
        foreach (var node in sources)
        {
            var pump = Task.Run(() => PumpAsync(node));
            _outputDone[node] = pump;
            _pumps.Add(pump);
        }

        if (_pipeline.DeadLetterNode is { } deadLetter)
        {
            var target = _inputs[deadLetter];
            Task.WhenAll(_pumps).ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        target.Complete();
                    }
                    else
                    {
                        target.Fault(new OperationCanceledException("A source failed or the run was aborted."));
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task PumpAsync(GraphNode node)
    {
        var source = node.Source!;
        var counters = node.Counters;
        var context = new SourceContext(node.Schema!, node.Name, _options.BatchSize, _options.Linger, _options.OnBadRecord, DeadLetterAsync);
        var targets = node.Outputs.Select(o => _inputs[o]).ToArray();
        var tracker = source is IAcknowledgingSource acknowledging ? new AckTracker(acknowledging, CountSinkPaths(node)) : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop, _abort.Token);
        try
        {
            await foreach (var batch in source.ReadAsync(context, linked.Token).WithCancellation(linked.Token).ConfigureAwait(false))
            {
                if (!ReferenceEquals(batch.Schema, node.Schema) && !batch.Schema.Equals(node.Schema))
                {
                    throw new SchemaException($"Source '{node.Name}' yielded a batch of columns ({batch.Schema}), but its schema is ({node.Schema}).");
                }

                counters.AddIn(batch.Length);
                counters.AddOut(batch.Length);
                counters.AddBatch();
                OttersMeter.Record(_options.Name, node.Name, batch.Length, batch.Length, 0, 0);
                var envelope = new Envelope(batch, tracker?.Issue(batch));
                foreach (var target in targets)
                {
                    // SendAsync, never Post: a full bounded block makes the source wait (backpressure).
                    if (!await target.SendAsync(envelope, _abort.Token).ConfigureAwait(false))
                    {
                        throw new OperationCanceledException("A downstream node stopped accepting batches because the run failed or was aborted.");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested && !_abort.IsCancellationRequested)
        {
            // A requested stop: the source ends and what is in flight drains.
        }
        catch (Exception ex)
        {
            Fail(ex);
            throw;
        }
        finally
        {
            var bad = context.BadRecords;
            counters.AddIn(bad);
            if (_options.OnBadRecord == BadRecordPolicy.DeadLetter)
            {
                counters.AddDeadLettered(bad);
            }
            else
            {
                counters.AddDropped(bad);
            }
        }
    }

    private async ValueTask DeadLetterAsync(BadRecord record, CancellationToken cancellationToken)
    {
        var target = _inputs[_pipeline.DeadLetterNode!];
        var builder = new RecordBatchBuilder(BadRecord.DeadLetterSchema, 1);
        ((StringColumnBuilder)builder.Builder(0)).Append(record.Source);
        ((StringColumnBuilder)builder.Builder(1)).Append(record.Location);
        ((StringColumnBuilder)builder.Builder(2)).Append(record.Error);
        ((StringColumnBuilder)builder.Builder(3)).Append(record.Raw);
        if (!await target.SendAsync(new Envelope(builder.Build(), null), _abort.Token).ConfigureAwait(false))
        {
            throw new OperationCanceledException("The dead-letter sink stopped accepting records because the run failed or was aborted.");
        }
    }

    private static int CountSinkPaths(GraphNode node) =>
        node.Kind == NodeKind.Sink ? 1 : node.Outputs.Sum(CountSinkPaths);

    private async Task CloseSinksAsync()
    {
        List<Exception> errors = [];
        foreach (var state in _sinks.Values)
        {
            using var timeout = new CancellationTokenSource(s_closeTimeout);
            try
            {
                if (!state.Opened && _fault is null)
                {
                    // No rows reached this sink: still open it, so a file gets its header.
                    await state.Node.Sink!.OpenAsync(state.Node.Schema!, timeout.Token).ConfigureAwait(false);
                    state.Opened = true;
                }

                if (state.Opened)
                {
                    await state.Node.Sink!.CloseAsync(timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                errors.Add(new OttersException($"Closing the {state.Node.Label} failed: {ex.Message}", ex));
            }
        }

        if (errors.Count > 0 && _fault is null)
        {
            _fault = errors.Count == 1 ? errors[0] : new AggregateException("Several sinks failed to close.", errors);
        }
    }

    private sealed class SinkState(GraphNode node)
    {
        public GraphNode Node { get; } = node;

        public ActionBlock<Envelope> Block { get; set; } = null!;

        public bool Opened { get; set; }
    }
}
