using System.Text.Json;
using Otters.IO.Kafka;

namespace Otters.Tests.IO.Kafka;

[Collection(KafkaCollection.Name)]
public sealed class KafkaSinkTests(KafkaClusterFixture cluster)
{
    private static RecordBatch Ticks(int count, int start = 0)
    {
        var builder = new RecordBatchBuilder(KafkaTestData.TickSchema(), count);
        for (var i = start; i < start + count; i++)
        {
            builder.Append(new Dictionary<string, object?>
            {
                ["symbol"] = $"S{i % 10}",
                ["price"] = i / 100.0,
                ["volume"] = (long)i,
                ["timestamp"] = 1_704_067_200_000_000L + (i * 1_000_000L),
            });
        }

        return builder.Build();
    }

    [Fact]
    public async Task WriteAsync_Returns_OnlyOnceEveryMessageIsDeliveredAndReadable()
    {
        var topic = cluster.CreateTopic("sink", 3);
        var sink = new KafkaSink(cluster.Address(topic, "key=symbol"));
        await sink.OpenAsync(KafkaTestData.TickSchema());

        await sink.WriteAsync(Ticks(3000)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        // Read before CloseAsync: WriteAsync alone must have made the batch durable.
        var messages = cluster.ReadAll(topic, 3, 3000);
        await sink.CloseAsync();
        messages.Count.ShouldBe(3000);
        messages.GroupBy(m => m.Message.Key).ShouldAllBe(g => g.Select(m => m.Partition.Value).Distinct().Count() == 1);
        messages.Select(m => m.Message.Key).Distinct().Count().ShouldBe(10);
        var first = JsonDocument.Parse(messages.First(m => m.Message.Value.Contains("\"volume\":7,", StringComparison.Ordinal)).Message.Value).RootElement;
        first.GetProperty("symbol").GetString().ShouldBe("S7");
        first.GetProperty("price").GetDouble().ShouldBe(0.07);
        first.GetProperty("timestamp").GetString().ShouldBe("2024-01-01T00:00:07.000000Z");
    }

    [Fact]
    public async Task WriteAsync_NoKey_WritesUnkeyedMessages()
    {
        var topic = cluster.CreateTopic("sink-unkeyed", 1);
        var sink = new KafkaSink(cluster.Address(topic));
        await sink.OpenAsync(KafkaTestData.TickSchema());

        await sink.WriteAsync(Ticks(10)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await sink.WriteAsync(RecordBatch.Empty(KafkaTestData.TickSchema()));
        await sink.CloseAsync();

        var messages = cluster.ReadAll(topic, 1, 10);
        messages.Count.ShouldBe(10);
        messages.ShouldAllBe(m => m.Message.Key == null);
    }

    [Fact]
    public async Task WriteAsync_UnreachableBroker_FailsInsteadOfCountingTheBatchWritten()
    {
        var sink = new KafkaSink("kafka://127.0.0.1:1/nowhere?message.timeout.ms=1500");
        await sink.OpenAsync(KafkaTestData.TickSchema());

        var ex = await Should.ThrowAsync<OttersException>(() => sink.WriteAsync(Ticks(5)).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

        ex.Message.ShouldContain("could not deliver 5 of 5 messages to topic 'nowhere'");
        await sink.CloseAsync();
    }

    [Fact]
    public void Validate_KeyColumnMissing_ThrowsSchemaException()
    {
        var sink = new KafkaSink("kafka://h:1/t?key=isin");

        Should.Throw<SchemaException>(() => sink.Validate(KafkaTestData.TickSchema())).Message.ShouldContain("column 'isin'");
    }
}
