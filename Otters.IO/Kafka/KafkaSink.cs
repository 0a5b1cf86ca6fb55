using Confluent.Kafka;

namespace Otters.IO.Kafka;

/// <summary>
/// Writes rows as JSON messages to one Kafka topic (<c>kafka://host:port/topic?key=column</c>). With
/// <c>key</c>, each message is keyed by that column's value, so rows of one key land in one partition
/// (hashed as the Java client does, murmur2). A batch counts as written only once the broker has
/// acknowledged every message of it (delivery reports, <c>acks=all</c>).
/// </summary>
internal sealed class KafkaSink : ISink
{
    private IProducer<byte[]?, byte[]>? _producer;
    private JsonRowEncoder? _encoder;

    /// <summary>Initializes a sink.</summary>
    /// <param name="address">The parsed address, naming one topic.</param>
    /// <exception cref="ArgumentException">The address names several topics.</exception>
    public KafkaSink(KafkaAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Topics.Count != 1)
        {
            throw new ArgumentException($"The Kafka sink '{address}' must name exactly one topic to write to.", nameof(address));
        }

        Address = address;
        Topic = address.Topics[0];
    }

    /// <summary>Initializes a sink from an address such as <c>kafka://localhost:9092/signals?key=symbol</c>.</summary>
    /// <param name="address">The address.</param>
    public KafkaSink(string address)
        : this(KafkaAddress.Parse(address))
    {
    }

    /// <summary>Gets the address.</summary>
    public KafkaAddress Address { get; }

    /// <summary>Gets the topic written to.</summary>
    public string Topic { get; }

    /// <summary>Gets how long closing waits for messages still in flight.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    public void Validate(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (Address.Key is { } key && !schema.Contains(key))
        {
            throw new SchemaException($"The Kafka sink '{Address}' keys messages by column '{key}', which the schema ({schema}) does not have.");
        }
    }

    /// <inheritdoc/>
    public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default)
    {
        Validate(schema);
        KafkaNative.EnsureLoaded();
        _encoder = new JsonRowEncoder(schema, Address.Key);
        var config = new ProducerConfig
        {
            BootstrapServers = Address.BootstrapServers,
            ClientId = "otters",

            // Keys hash as in the Java client, so Otters and JVM producers put a key in the same partition.
            Partitioner = Partitioner.Murmur2Random,
            Acks = Acks.All,
            LingerMs = 5,
            DeliveryReportFields = "status",
        };
        foreach (var (name, value) in Address.Settings)
        {
            config.Set(name, value);
        }

        _producer = new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, m) => KafkaNative.Log(Address, m))
            .Build();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var producer = _producer ?? throw new InvalidOperationException($"The Kafka sink '{Address}' is not open; call OpenAsync first.");
        var encoder = _encoder!;
        if (batch.Length == 0)
        {
            return;
        }

        var delivery = new Delivery(batch.Length);
        for (var row = 0; row < batch.Length; row++)
        {
            var message = new Message<byte[]?, byte[]> { Key = encoder.Key(batch, row), Value = encoder.Value(batch, row) };
            while (true)
            {
                try
                {
                    producer.Produce(Topic, message, delivery.Handler);
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // librdkafka's local queue is full: wait for deliveries to make room.
                    await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                }
                catch (ProduceException<byte[]?, byte[]> ex)
                {
                    throw new OttersException($"The Kafka sink '{Address}' could not send row {row} of a batch to topic '{Topic}': {ex.Error.Reason}.", ex);
                }
            }
        }

        await delivery.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (delivery.Error is { } error)
        {
            throw new OttersException(
                $"The Kafka sink '{Address}' could not deliver {delivery.Failed} of {batch.Length} messages to topic '{Topic}': {error.Reason}.",
                new KafkaException(error));
        }
    }

    /// <inheritdoc/>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        var producer = _producer;
        _producer = null;
        if (producer is null)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            producer.Flush(CloseTimeout);
        }
        finally
        {
            producer.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public string Describe() => Address.Key is null ? $"kafka {Address}" : $"kafka {Address} key {Address.Key}";

    /// <summary>Counts a batch's delivery reports; completes when every message is acknowledged or failed.</summary>
    private sealed class Delivery
    {
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining;
        private int _failed;
        private Error? _error;

        public Delivery(int messages)
        {
            _remaining = messages;
            Handler = OnReport;
        }

        public Action<DeliveryReport<byte[]?, byte[]>> Handler { get; }

        public Task Completion => _completion.Task;

        public Error? Error => Volatile.Read(ref _error);

        public int Failed => Volatile.Read(ref _failed);

        private void OnReport(DeliveryReport<byte[]?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref _failed);
                Interlocked.CompareExchange(ref _error, report.Error, null);
            }

            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _completion.TrySetResult();
            }
        }
    }
}
