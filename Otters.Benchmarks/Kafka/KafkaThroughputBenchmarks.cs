using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Confluent.Kafka;
using Otters.IO.Kafka;

namespace Otters.Benchmarks.Kafka;

/// <summary>
/// Kafka throughput against librdkafka's mock cluster on loopback: Otters' Kafka source (JSON values decoded
/// into column batches, offsets acknowledged) beside a bare Confluent consumer loop over the same messages,
/// and a whole Kafka -> Otters -> Kafka pipeline beside a bare consume-produce loop. Every iteration reads the
/// pre-produced topic from the start in a fresh consumer group; joining the group (the mock waits 3 s on a
/// first join, as brokers do by default) happens in the iteration setup, up to the first message or batch,
/// so the time measured is steady-state consumption of the rest.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[Config(typeof(MessagesPerSecondConfig))]
public class KafkaThroughputBenchmarks
{
    private const int Partitions = 4;
    private static readonly Schema s_schema = new()
    {
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "volume", ColumnType.Int64 },
        { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
    };

    private KafkaMockCluster _cluster = null!;
    private string _input = null!;
    private int _groups;
    private int _outputs;
    private IConsumer<byte[]?, byte[]> _consumer = null!;
    private IProducer<byte[]?, byte[]>? _producer;
    private string _output = null!;
    private int _consumed;
    private KafkaSource _source = null!;
    private IAsyncEnumerator<RecordBatch> _batches = null!;
    private CancellationTokenSource _stop = null!;
    private Task _pipeline = null!;
    private TaskCompletionSource _gate = null!;
    private TaskCompletionSource _done = null!;

    /// <summary>Gets or sets the messages in the topic.</summary>
    [Params(100_000)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cluster = new KafkaMockCluster();
        _input = "ticks";
        _cluster.CreateTopic(_input, Partitions);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers, LingerMs = 5 })
            .SetLogHandler((_, _) => { })
            .Build();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < Messages; i++)
        {
            var json = $"{{\"symbol\":\"S{i % 50}\",\"price\":{100 + (i % 1000 / 100.0):R},\"volume\":{i},\"timestamp\":\"{start.AddMilliseconds(i):yyyy-MM-ddTHH:mm:ss.fff}Z\"}}";
            while (true)
            {
                try
                {
                    producer.Produce(_input, new Message<string, string> { Key = $"S{i % 50}", Value = json });
                    break;
                }
                catch (ProduceException<string, string> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    [GlobalCleanup]
    public void Cleanup() => _cluster.Dispose();

    // ---- consume: a bare Confluent loop vs Otters' KafkaSource ------------------------------------------

    [IterationSetup(Targets = [nameof(BareConsumerLoop), nameof(BareConsumeProduceLoop)])]
    public void JoinBare()
    {
        _consumer = new ConsumerBuilder<byte[]?, byte[]>(ConsumerConfig())
            .SetLogHandler((_, _) => { })
            .Build();
        _consumer.Subscribe(_input);
        _producer = null;
        _output = NewOutput();
        _consumed = 0;
        while (_consumed == 0)
        {
            if (_consumer.Consume(100) is { } first)
            {
                _consumed = 1;
                Produce(first);
            }
        }
    }

    [IterationCleanup(Targets = [nameof(BareConsumerLoop), nameof(BareConsumeProduceLoop)])]
    public void LeaveBare()
    {
        _consumer.Close();
        _consumer.Dispose();
        _producer?.Dispose();
    }

    [BenchmarkCategory("consume"), Benchmark(Baseline = true, Description = "Confluent consume loop (bytes)")]
    public long BareConsumerLoop()
    {
        long bytes = 0;
        while (_consumed < Messages)
        {
            if (_consumer.Consume(100) is { } result)
            {
                bytes += result.Message.Value.Length;
                _consumed++;
            }
        }

        return bytes;
    }

    [IterationSetup(Target = nameof(OttersKafkaSource))]
    public void JoinSource()
    {
        _source = new KafkaSource($"kafka://{_cluster.BootstrapServers}/{_input}?group=bench-{Interlocked.Increment(ref _groups)}");
        _batches = _source.ReadAsync(new SourceContext(s_schema, batchSize: 1024)).GetAsyncEnumerator();
        _batches.MoveNextAsync().AsTask().GetAwaiter().GetResult();
        _consumed = _batches.Current.Length;
        _source.Acknowledge(_batches.Current);
    }

    [IterationCleanup(Target = nameof(OttersKafkaSource))]
    public void LeaveSource() => _batches.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [BenchmarkCategory("consume"), Benchmark(Description = "Otters KafkaSource (JSON -> columns)")]
    public async Task<int> OttersKafkaSource()
    {
        while (_consumed < Messages && await _batches.MoveNextAsync())
        {
            _consumed += _batches.Current.Length;
            _source.Acknowledge(_batches.Current);
        }

        return _consumed;
    }

    // ---- Kafka -> Kafka: a bare consume-produce loop vs an Otters pipeline ------------------------------

    [BenchmarkCategory("kafka->kafka"), Benchmark(Baseline = true, Description = "Confluent consume + produce loop")]
    public int BareConsumeProduceLoop()
    {
        while (_consumed < Messages)
        {
            if (_consumer.Consume(100) is { } result)
            {
                Produce(result);
                _consumed++;
            }
        }

        _producer!.Flush(TimeSpan.FromSeconds(60));
        return _consumed;
    }

    [IterationSetup(Target = nameof(OttersPipeline))]
    public void StartPipeline()
    {
        _stop = new CancellationTokenSource();
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = 0;
        var p = new Pipeline(s_schema, new PipelineOptions { BatchSize = 1024 });
        var node = p.Source($"kafka://{_cluster.BootstrapServers}/{_input}?group=bench-{Interlocked.Increment(ref _groups)}");

        // The first batch waits here until the measurement starts, so the group join stays out of it.
        var gated = node.Stage(new GateStage(reached, _gate.Task));
        gated.Sink($"kafka://{_cluster.BootstrapServers}/{NewOutput()}?key=symbol");

        // Once every row has entered the graph, stopping drains them: the Kafka sink's delivery reports included.
        gated.Sink(new CountingSink(rows =>
        {
            if (Interlocked.Add(ref written, rows) >= Messages)
            {
                _done.TrySetResult();
            }
        }));
        _pipeline = p.RunAsync(_stop.Token);
        reached.Task.GetAwaiter().GetResult();
    }

    [BenchmarkCategory("kafka->kafka"), Benchmark(Description = "Otters pipeline kafka:// -> kafka://")]
    public async Task OttersPipeline()
    {
        _gate.SetResult();
        await _done.Task;
        await _stop.CancelAsync();
        await _pipeline;
    }

    private void Produce(ConsumeResult<byte[]?, byte[]> result)
    {
        _producer ??= new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            LingerMs = 5,
            Partitioner = Partitioner.Murmur2Random,
            DeliveryReportFields = "status",
        }).SetLogHandler((_, _) => { }).Build();
        while (true)
        {
            try
            {
                _producer.Produce(_output, new Message<byte[]?, byte[]> { Key = result.Message.Key, Value = result.Message.Value });
                return;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(1));
            }
        }
    }

    private ConsumerConfig ConsumerConfig() => new()
    {
        BootstrapServers = _cluster.BootstrapServers,
        GroupId = $"bench-{Interlocked.Increment(ref _groups)}",
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,

        // Same marshalling as the Otters source: no headers or timestamps.
        ConsumeResultFields = "topic",
    };

    private string NewOutput()
    {
        var name = $"out-{Interlocked.Increment(ref _outputs)}";
        _cluster.CreateTopic(name, Partitions);
        return name;
    }

    private sealed class GateStage(TaskCompletionSource reached, Task gate) : BatchStage
    {
        public override RecordBatch Process(RecordBatch batch)
        {
            reached.TrySetResult();
            gate.GetAwaiter().GetResult();
            return batch;
        }
    }

    private sealed class CountingSink(Action<int> onRows) : ISink
    {
        public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
        {
            onRows(batch.Length);
            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
