using System.Runtime.CompilerServices;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;

namespace Otters.Benchmarks.Dataflow;

/// <summary>
/// Rows per second through a whole pipeline, against a hand-written TPL Dataflow pipeline that passes one
/// dictionary per message through three bounded blocks. Times are per row (OperationsPerInvoke), so
/// rows/s = 1e9 / mean ns.
/// </summary>
[MemoryDiagnoser]
public class PipelineThroughputBenchmarks
{
    private const int Rows = 1_000_000;
    private const int BatchRows = 4096;

    private IReadOnlyDictionary<string, object?>[] _dictionaries = [];
    private RecordBatch[] _batches = [];
    private Schema _schema = null!;

    [GlobalSetup]
    public void Setup()
    {
        _schema = new Schema
        {
            { "symbol", ColumnType.String },
            { "price", ColumnType.Float64 },
            { "volume", ColumnType.Int64 },
            { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
        };
        string[] symbols = ["AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "IBM"];
        _dictionaries = new IReadOnlyDictionary<string, object?>[Rows];
        var builder = new RecordBatchBuilder(_schema, BatchRows);
        var batches = new List<RecordBatch>();
        for (var i = 0; i < Rows; i++)
        {
            var row = new Dictionary<string, object?>
            {
                ["symbol"] = symbols[i % symbols.Length],
                ["price"] = 100.0 + (i % 1000 * 0.01),
                ["volume"] = (long)(i % 500),
                ["timestamp"] = 1_767_323_045_000_000L + i,
            };
            _dictionaries[i] = row;
            builder.Append(row);
            if (builder.Length == BatchRows)
            {
                batches.Add(builder.Build());
            }
        }

        if (builder.Length > 0)
        {
            batches.Add(builder.Build());
        }

        _batches = [.. batches];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows, Description = "TPL Dataflow, dictionary per message")]
    public async Task<long> HandWrittenDataflow()
    {
        var options = new ExecutionDataflowBlockOptions { BoundedCapacity = 1024, SingleProducerConstrained = true };
        long count = 0;
        var parse = new TransformBlock<IReadOnlyDictionary<string, object?>, Dictionary<string, object?>>(d => new Dictionary<string, object?>(d), options);
        var signal = new TransformBlock<Dictionary<string, object?>, Dictionary<string, object?>>(
            d =>
            {
                d["signal"] = (double)d["price"]! > 105;
                return d;
            },
            options);
        var sink = new ActionBlock<Dictionary<string, object?>>(_ => count++, options);
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        parse.LinkTo(signal, link);
        signal.LinkTo(sink, link);
        foreach (var row in _dictionaries)
        {
            await parse.SendAsync(row);
        }

        parse.Complete();
        await sink.Completion;
        return count;
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "Otters: dictionaries -> row stage -> counting sink")]
    public async Task<long> OttersRowStage()
    {
        var sink = new CountingSink();
        var p = new Pipeline(_schema, new PipelineOptions { BatchSize = BatchRows });
        p.Source(_dictionaries);
        p.Stage(row =>
        {
            row["signal"] = row.Get<double>("price") > 105;
            return row;
        });
        p.Sink(sink);
        await p.RunAsync(CancellationToken.None);
        return sink.Rows;
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "Otters: batches -> 3 no-op BatchStages -> counting sink")]
    public async Task<long> OttersThreeBatchStages()
    {
        var sink = new CountingSink();
        var p = new Pipeline(_schema, new PipelineOptions { BatchSize = BatchRows });
        p.Source(new BatchSource(_schema, _batches));
        p.Stage(new NoOpStage());
        p.Stage(new NoOpStage());
        p.Stage(new NoOpStage());
        p.Sink(sink);
        await p.RunAsync(CancellationToken.None);
        return sink.Rows;
    }

    private sealed class NoOpStage : BatchStage
    {
        public override RecordBatch Process(RecordBatch batch) => batch;
    }

    private sealed class BatchSource(Schema schema, RecordBatch[] batches) : ISource
    {
        public Schema? Schema => schema;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var batch in batches)
            {
                yield return batch;
            }

            await Task.CompletedTask;
        }
    }

    private sealed class CountingSink : ISink
    {
        public long Rows { get; private set; }

        public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
        {
            Rows += batch.Length;
            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
