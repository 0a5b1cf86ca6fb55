using System.Threading.Channels;
using Confluent.Kafka;

namespace Otters.IO.Kafka;

/// <summary>
/// One read of a Kafka source: a consumer in the group, a dedicated thread that consumes messages and
/// decodes them into batches, and the ledger that turns acknowledged batches into stored offsets.
/// Offsets are stored only on acknowledgement and committed by librdkafka every
/// <c>auto.commit.interval.ms</c>, on partition revocation and on close (at least once).
/// </summary>
internal sealed partial class KafkaConsumerRun : IAsyncDisposable
{
    /// <summary>How long a consume call blocks at most, so cancellation and linger are noticed.</summary>
    private const int PollMilliseconds = 100;

    private readonly KafkaSource _source;
    private readonly SourceContext _context;
    private readonly JsonRowDecoder _decoder;
    private readonly KafkaOffsetLedger _ledger = new();
    private readonly Channel<RecordBatch> _batches;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IConsumer<KeyMark, bool> _consumer;
    private readonly Lock _consumerLock = new();
    private readonly Thread _thread;
    private bool _closed;
    private Error? _fatal;

    // The key of the message being consumed, stashed by the key deserializer for the value deserializer.
    private byte[] _key = new byte[64];
    private int _keyLength;
    private bool _keyIsNull;
    private byte[]? _badValue;

    /// <summary>Initializes a run and joins the consumer group; call <see cref="Start"/> to consume.</summary>
    /// <param name="source">The source.</param>
    /// <param name="context">The pipeline's settings.</param>
    public KafkaConsumerRun(KafkaSource source, SourceContext context)
    {
        _source = source;
        _context = context;
        _decoder = new JsonRowDecoder(context.Schema, context.BatchSize);
        _batches = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(2)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _consumer = new ConsumerBuilder<KeyMark, bool>(CreateConfig(source.Address))
            .SetKeyDeserializer(new KeyStash(this))
            .SetValueDeserializer(new RowDecoding(this))
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler((_, _) => { })
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, m) => KafkaNative.Log(source.Address, m))
            .Build();
        _thread = new Thread(ConsumeLoop) { IsBackground = true, Name = $"otters-kafka {source.Address.Group}" };
    }

    /// <summary>Gets the batches the consumer thread produces.</summary>
    public ChannelReader<RecordBatch> Batches => _batches.Reader;

    /// <summary>Gets or sets how long closing waits for the pipeline to acknowledge yielded batches.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Subscribes to the topics and starts the consumer thread.</summary>
    public void Start()
    {
        _consumer.Subscribe(_source.Address.Topics);
        _thread.Start();
    }

    /// <summary>Stores the offsets a batch releases; later committed by librdkafka.</summary>
    /// <param name="batch">The acknowledged batch.</param>
    public void Acknowledge(RecordBatch batch) => Store(_ledger.Acknowledge(batch));

    /// <summary>
    /// Stops consuming, waits (bounded) for yielded batches to be acknowledged, commits what was
    /// acknowledged and leaves the group.
    /// </summary>
    /// <returns>A task completing when the consumer is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stopped.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        // Batches still queued were never yielded: nobody will acknowledge them.
        while (_batches.Reader.TryRead(out var unread))
        {
            _ledger.Forget(unread);
        }

        try
        {
            await _ledger.WhenDrained().WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Unacknowledged batches replay from the last committed offset in the next run: at least once.
        }

        // _stop is not disposed: a late Acknowledge or kill may still look at it, and it holds no timer.
        await Task.Run(Close).ConfigureAwait(false);
    }

    /// <summary>Abandons the consumer as a killed process would: no final commit, no leaving the group.</summary>
    internal async ValueTask AbandonAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stopped.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        lock (_consumerLock)
        {
            _closed = true;
            _consumer.Dispose();
        }
    }

    private static ConsumerConfig CreateConfig(KafkaAddress address)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = address.BootstrapServers,
            GroupId = address.Group,
            AutoOffsetReset = address.Offset == "latest" ? AutoOffsetReset.Latest : AutoOffsetReset.Earliest,

            // At least once: an offset is stored only when the pipeline acknowledges its batch, and
            // librdkafka commits stored offsets periodically, on revocation and on close.
            EnableAutoOffsetStore = false,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = 1000,
            EnablePartitionEof = false,
            ConsumeResultFields = "topic",
            ClientId = "otters",
        };
        foreach (var (name, value) in address.Settings)
        {
            config.Set(name, value);
        }

        return config;
    }

    private void Close()
    {
        lock (_consumerLock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            try
            {
                // Commits the stored (acknowledged) offsets and leaves the group so others take over at once.
                _consumer.Close();
            }
            catch (KafkaException)
            {
                // A closing consumer whose group is gone has nothing left to commit.
            }
            finally
            {
                _consumer.Dispose();
            }
        }
    }

    private void Store(IReadOnlyList<TopicPartitionOffset> offsets)
    {
        if (offsets.Count == 0)
        {
            return;
        }

        lock (_consumerLock)
        {
            if (_closed)
            {
                return;
            }

            foreach (var offset in offsets)
            {
                try
                {
                    _consumer.StoreOffset(offset);
                }
                catch (KafkaException)
                {
                    // The partition was revoked: its new owner replays from the last commit.
                }
            }
        }
    }

    private void OnRevoked(IConsumer<KeyMark, bool> consumer, List<TopicPartitionOffset> partitions)
    {
        try
        {
            // Hand over what is acknowledged so the partitions' next owner replays as little as possible.
            consumer.Commit();
        }
        catch (KafkaException)
        {
            // Nothing stored yet (no offset to commit), or the group moved on: the next owner replays more.
        }
    }

    private void OnError(Error error)
    {
        if (error.IsFatal)
        {
            _fatal = error;
        }
    }

    private void Fail(Exception ex) => _batches.Writer.TryComplete(ex);
}
