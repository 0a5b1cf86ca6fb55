using System.Runtime.CompilerServices;
using Otters.Tests.Support;

namespace Otters.Tests.Dataflow;

public sealed class AcknowledgementTests
{
    private sealed class CountingSource(int batches, Func<long> written) : IAcknowledgingSource
    {
        private readonly List<RecordBatch> _yielded = [];

        public List<int> Acknowledged { get; } = [];

        public List<long> WrittenAtAck { get; } = [];

        public Schema? Schema => null;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var b = 0; b < batches; b++)
            {
                var builder = new RecordBatchBuilder(context.Schema, 10);
                foreach (var row in TestData.TickRows(10))
                {
                    builder.Append(row);
                }

                var batch = builder.Build();
                lock (_yielded)
                {
                    _yielded.Add(batch);
                }

                await Task.Yield();
                yield return batch;
            }
        }

        public void Acknowledge(RecordBatch batch)
        {
            lock (_yielded)
            {
                Acknowledged.Add(_yielded.IndexOf(batch));
                WrittenAtAck.Add(written());
            }
        }
    }

    [Fact]
    public async Task Acknowledge_FanOutToTwoSinks_InOrderAndOnlyAfterBothWrote()
    {
        var slow = new SlowSink(TimeSpan.FromMilliseconds(2));
        var fast = new MemorySink();
        var source = new CountingSource(50, () => slow.Rows);
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BoundedCapacity = 2 });
        var node = p.Source(source);
        node.Stage(r => r.Get<long>("volume") % 2 == 0 ? null : r).Sink(fast);
        node.Sink(slow);

        await p.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        source.Acknowledged.ShouldBe(Enumerable.Range(0, 50));
        for (var i = 0; i < 50; i++)
        {
            // Batch i is acknowledged only once the slow sink has written its rows.
            source.WrittenAtAck[i].ShouldBeGreaterThanOrEqualTo((i + 1) * 10L);
        }
    }

    [Fact]
    public async Task Acknowledge_RunFails_DoesNotAcknowledgeUnwrittenBatches()
    {
        var sink = new FailingSink(failOnBatch: 5);
        var source = new CountingSource(100, () => 0);
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BoundedCapacity = 1 });
        p.Source(source);
        p.Sink(sink);

        await Should.ThrowAsync<IOException>(() => p.RunAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        source.Acknowledged.ShouldBe(Enumerable.Range(0, 4));
    }
}
