using System.Collections.Concurrent;
using System.Text;
using Otters.IO.Kafka;

namespace Otters.Tests.IO.Kafka;

[Collection(KafkaCollection.Name)]
public sealed class KafkaSourceTests(KafkaClusterFixture cluster)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ReadAsync_100kMessagesOver4Partitions_DeliversEveryMessageOnceAndCommitsTheEnd()
    {
        const int count = 100_000;
        var topic = cluster.CreateTopic("ticks", 4);
        cluster.Produce(topic, KafkaTestData.Ticks(count));
        var group = cluster.NewGroup();
        var source = new KafkaSource(cluster.SourceAddress(topic, group));
        var context = new SourceContext(KafkaTestData.TickSchema(), batchSize: 4096);

        var batches = await KafkaTestData.ReadAsync(source, context, count, s_timeout);

        var volumes = KafkaTestData.Volumes(batches).ToList();
        volumes.Count.ShouldBe(count);
        volumes.Distinct().Count().ShouldBe(count);
        volumes.Min().ShouldBe(0);
        volumes.Max().ShouldBe(count - 1);
        batches.ShouldAllBe(b => b.Length <= 4096);
        cluster.Committed(group, topic, 4).Sum().ShouldBe(count);
    }

    [Fact]
    public async Task ReadAsync_Values_MapToColumnsByTheSchema()
    {
        var topic = cluster.CreateTopic("typed", 1);
        cluster.ProduceJson(topic,
        [
            ("AAPL", """{"symbol":"AAPL","price":189.5,"volume":100,"timestamp":"2024-01-02T03:04:05.123456Z","extra":{"x":[1,2]}}"""),
            (null, """{"volume":7,"timestamp":1704164645000000,"symbol":null}"""),
        ]);
        var source = new KafkaSource(cluster.SourceAddress(topic, cluster.NewGroup()));

        var batches = await KafkaTestData.ReadAsync(source, new SourceContext(KafkaTestData.TickSchema(withKey: true)), 2, s_timeout);

        var batch = batches.ShouldHaveSingleItem();
        var rows = batch.Schema.Select(f => Enumerable.Range(0, batch.Length).Select(i => batch.Column(f.Name).GetValue(i)).ToArray()).ToArray();
        rows[0].ShouldBe(["AAPL", null]);
        rows[1].ShouldBe(["AAPL", null]);
        rows[2].ShouldBe([189.5, null]);
        rows[3].ShouldBe([100L, 7L]);
        rows[4].ShouldBe([1_704_164_645_123_456L, 1_704_164_645_000_000L]);
    }

    [Fact]
    public async Task ReadAsync_SeveralTopics_ReadsThemAll()
    {
        var first = cluster.CreateTopic("multi-a", 2);
        var second = cluster.CreateTopic("multi-b", 3);
        cluster.Produce(first, KafkaTestData.Ticks(500));
        cluster.Produce(second, KafkaTestData.Ticks(700, start: 500));
        var source = new KafkaSource(cluster.SourceAddress($"{first},{second}", cluster.NewGroup()));

        var batches = await KafkaTestData.ReadAsync(source, new SourceContext(KafkaTestData.TickSchema(), batchSize: 100), 1200, s_timeout);

        KafkaTestData.Volumes(batches).Order().ShouldBe(Enumerable.Range(0, 1200).Select(i => (long)i));
    }

    [Fact]
    public async Task ReadAsync_SlowTopic_FlushesAPartialBatchAfterLinger()
    {
        var topic = cluster.CreateTopic("slow", 1);
        cluster.Produce(topic, KafkaTestData.Ticks(3));
        var source = new KafkaSource(cluster.SourceAddress(topic, cluster.NewGroup()));
        var context = new SourceContext(KafkaTestData.TickSchema(), batchSize: 10_000, linger: TimeSpan.FromMilliseconds(50));

        var batches = await KafkaTestData.ReadAsync(source, context, 3, TimeSpan.FromSeconds(20));

        batches.Sum(b => b.Length).ShouldBe(3);
    }

    [Fact]
    public async Task Acknowledge_OnlyAcknowledgedBatches_AreCommittedAndTheRestReplays()
    {
        var topic = cluster.CreateTopic("acks", 1);
        cluster.Produce(topic, KafkaTestData.Ticks(1000), partition: 0);
        var group = cluster.NewGroup();
        var address = cluster.SourceAddress(topic, group);
        var context = new SourceContext(KafkaTestData.TickSchema(), batchSize: 100, linger: TimeSpan.FromSeconds(5));

        // Batches 0-2 are written and acknowledged; batches 3 and 4 were read but never written.
        var first = await KafkaTestData.ReadAsync(
            new KafkaSource(address) { DrainTimeout = TimeSpan.Zero }, context, 500, s_timeout, acknowledge: (_, index) => index < 3);

        first.Sum(b => b.Length).ShouldBe(500);
        cluster.Committed(group, topic, 1).ShouldBe([300L]);
        var second = await KafkaTestData.ReadAsync(new KafkaSource(address), context, 700, s_timeout);
        KafkaTestData.Volumes(second).ShouldBe(Enumerable.Range(300, 700).Select(i => (long)i));
    }

    [Fact]
    public async Task ReadAsync_BadMessages_GoToTheDeadLetterWithTheirLocationAndBytes()
    {
        var topic = cluster.CreateTopic("bad", 1);
        byte[] notUtf8 = [0x7B, 0xFF, 0xFE, 0x7D];
        cluster.Produce(topic,
        [
            (null, Encoding.UTF8.GetBytes(KafkaTestData.TickJson(0))),
            (null, Encoding.UTF8.GetBytes("""{"symbol":"X","volume":"many"}""")),
            (null, Encoding.UTF8.GetBytes(KafkaTestData.TickJson(1))),
            (null, notUtf8),
            (null, Encoding.UTF8.GetBytes("not json")),
        ], partition: 0);
        var group = cluster.NewGroup();
        var dead = new ConcurrentQueue<BadRecord>();
        var context = new SourceContext(
            KafkaTestData.TickSchema(),
            onBadRecord: BadRecordPolicy.DeadLetter,
            linger: TimeSpan.FromMilliseconds(50),
            deadLetter: (r, _) =>
            {
                dead.Enqueue(r);
                return ValueTask.CompletedTask;
            });
        var source = new KafkaSource(cluster.SourceAddress(topic, group));

        var batches = await KafkaTestData.ReadAsync(source, context, 2, s_timeout, stopAfter: _ => dead.Count == 3);
        if (dead.Count < 3)
        {
            // The bad messages after the last good row may come in a later poll: read on until they do.
            await KafkaTestData.ReadAsync(source, context, int.MaxValue, TimeSpan.FromSeconds(10), stopAfter: _ => dead.Count == 3);
        }

        KafkaTestData.Volumes(batches).ShouldBe([0L, 1L]);
        var records = dead.ToArray();
        records.Select(r => r.Location).ShouldBe([$"{topic}/0/1", $"{topic}/0/3", $"{topic}/0/4"]);
        records[0].Error.ShouldContain("field 'volume' expects a 64-bit integer but the value is \"many\"");
        records[0].Raw.ShouldBe("""{"symbol":"X","volume":"many"}""");
        records[1].Raw.ShouldBe("base64:" + Convert.ToBase64String(notUtf8));
        records[2].Error.ShouldContain("not valid JSON");
        records[2].Raw.ShouldBe("not json");
        records.ShouldAllBe(r => r.Source.Contains(topic));
        context.BadRecords.ShouldBe(3);
    }

    [Fact]
    public async Task ReadAsync_BadMessagesLast_StillCountAsHandledAndAreCommitted()
    {
        var topic = cluster.CreateTopic("bad-tail", 1);
        cluster.Produce(topic, [.. KafkaTestData.Ticks(2), (null, Encoding.UTF8.GetBytes("[1]")), (null, Encoding.UTF8.GetBytes("{}x"))], partition: 0);
        var group = cluster.NewGroup();
        var skipped = new SourceContext(KafkaTestData.TickSchema(), onBadRecord: BadRecordPolicy.Skip, linger: TimeSpan.FromMilliseconds(20));
        var source = new KafkaSource(cluster.SourceAddress(topic, group));

        await KafkaTestData.ReadAsync(source, skipped, int.MaxValue, TimeSpan.FromSeconds(30), stopAfter: _ => skipped.BadRecords == 2);
        if (skipped.BadRecords < 2)
        {
            await KafkaTestData.ReadAsync(source, skipped, int.MaxValue, TimeSpan.FromSeconds(3));
        }

        skipped.BadRecords.ShouldBe(2);
        cluster.Committed(group, topic, 1).ShouldBe([4L]);
    }

    [Fact]
    public async Task ReadAsync_BadMessageUnderFail_ThrowsNamingTopicPartitionAndOffset()
    {
        var topic = cluster.CreateTopic("fail", 1);
        cluster.Produce(topic, [.. KafkaTestData.Ticks(1), (null, Encoding.UTF8.GetBytes("""{"price":"cheap"}"""))], partition: 0);
        var source = new KafkaSource(cluster.SourceAddress(topic, cluster.NewGroup()));

        var ex = await Should.ThrowAsync<BadRecordException>(() =>
            KafkaTestData.ReadAsync(source, new SourceContext(KafkaTestData.TickSchema()), int.MaxValue, s_timeout));

        ex.Message.ShouldContain($"{topic}/0/1");
        ex.Message.ShouldContain("field 'price' expects a number");
    }

    [Fact]
    public void Constructor_NoGroup_ThrowsSayingHowToAddOne()
    {
        var ex = Should.Throw<ArgumentException>(() => new KafkaSource("kafka://localhost:9092/ticks"));
        ex.Message.ShouldContain("?group=NAME");
    }
}
