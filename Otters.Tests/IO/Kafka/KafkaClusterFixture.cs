using System.Text;
using Confluent.Kafka;
using Otters.IO.Kafka;

namespace Otters.Tests.IO.Kafka;

/// <summary>
/// The Kafka tests' peer: librdkafka's mock cluster with helpers to produce, read back and inspect
/// commits. Construction fails with an install hint when librdkafka is missing, so the Kafka tests
/// fail, never skip.
/// </summary>
public sealed class KafkaClusterFixture : IDisposable
{
    private readonly Otters.IO.Kafka.KafkaMockCluster _mock = new();
    private int _topics;

    /// <summary>Gets the brokers' address, e.g. 127.0.0.1:39413.</summary>
    public string BootstrapServers => _mock.BootstrapServers;

    /// <summary>Creates a topic of a fresh name.</summary>
    public string CreateTopic(string prefix, int partitions)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _topics)}";
        _mock.CreateTopic(name, partitions);
        return name;
    }

    /// <summary>Gets a fresh consumer group name.</summary>
    public string NewGroup(string prefix = "group") => $"{prefix}-{Interlocked.Increment(ref _topics)}";

    /// <summary>Returns a kafka:// address on this cluster.</summary>
    public string Address(string topics, string? query = null) =>
        $"kafka://{BootstrapServers}/{topics}" + (query is null ? string.Empty : "?" + query);

    /// <summary>
    /// Returns a kafka:// source address in a consumer group. The short session (above the mock's 3 s first-join delay) lets the mock's group
    /// coordinator move on quickly: after its last member leaves, it waits a session for new members.
    /// </summary>
    public string SourceAddress(string topics, string group, string? query = null) =>
        Address(topics, $"group={group}&session.timeout.ms=4500&heartbeat.interval.ms=500" + (query is null ? string.Empty : "&" + query));

    /// <summary>Produces messages and waits for every delivery report.</summary>
    public void Produce(string topic, IEnumerable<(string? Key, byte[] Value)> messages, int? partition = null)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            LingerMs = 5,
            Partitioner = Partitioner.Murmur2Random,
        }).SetLogHandler((_, _) => { }).Build();
        var failed = 0;
        void OnReport(DeliveryReport<string?, byte[]> r)
        {
            if (r.Error.IsError)
            {
                Interlocked.Increment(ref failed);
            }
        }

        foreach (var (key, value) in messages)
        {
            var message = new Message<string?, byte[]> { Key = key, Value = value };
            while (true)
            {
                try
                {
                    if (partition is { } p)
                    {
                        producer.Produce(new TopicPartition(topic, p), message, OnReport);
                    }
                    else
                    {
                        producer.Produce(topic, message, OnReport);
                    }

                    break;
                }
                catch (ProduceException<string?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }

        if (producer.Flush(TimeSpan.FromSeconds(60)) != 0)
        {
            throw new TimeoutException($"Producing to {topic} did not finish within 60 s.");
        }

        failed.ShouldBe(0, $"some messages to {topic} were not delivered");
    }

    /// <summary>Produces JSON text messages.</summary>
    public void ProduceJson(string topic, IEnumerable<(string? Key, string Json)> messages) =>
        Produce(topic, messages.Select(m => (m.Key, Encoding.UTF8.GetBytes(m.Json))));

    /// <summary>Reads every message of a topic from the beginning, until <paramref name="expected"/> arrived (bounded).</summary>
    public List<ConsumeResult<string?, string>> ReadAll(string topic, int partitions, int expected, TimeSpan? timeout = null)
    {
        using var consumer = new ConsumerBuilder<string?, string>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<ConsumeResult<string?, string>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is not null)
            {
                results.Add(r);
            }
        }

        // Anything past the expected count would be a duplicate or a stray: look a little longer.
        var settle = DateTime.UtcNow + TimeSpan.FromMilliseconds(300);
        while (DateTime.UtcNow < settle)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (r is not null)
            {
                results.Add(r);
            }
        }

        consumer.Close();
        return results;
    }

    /// <summary>Returns the committed offsets of a group (next offset to read; -1001 when none).</summary>
    public long[] Committed(string group, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        var committed = consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10));
        return committed.OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value).ToArray();
    }

    public void Dispose() => _mock.Dispose();
}

/// <summary>The Kafka tests share one mock cluster and run one at a time (two cores; group rebalances are timing-sensitive).</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>
{
    public const string Name = "kafka";
}
