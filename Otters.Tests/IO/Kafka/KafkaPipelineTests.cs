using System.Collections.Concurrent;
using System.Text.Json;
using Otters.IO.Kafka;
using Otters.Tests.Support;

namespace Otters.Tests.IO.Kafka;

/// <summary>Kafka through whole pipelines: kafka:// URIs resolve, and acknowledgements drive the commits.</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaPipelineTests(KafkaClusterFixture cluster)
{
    private const int Partitions = 4;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RunAsync_KafkaToOttersToKafka_RoundTripsEveryRowKeyedBySymbol()
    {
        const int count = 10_000;
        var input = cluster.CreateTopic("in", Partitions);
        var output = cluster.CreateTopic("out", 3);
        cluster.Produce(input, KafkaTestData.Ticks(count));
        var group = cluster.NewGroup();
        using var stop = new CancellationTokenSource();
        var passed = 0;
        var p = new Pipeline(KafkaTestData.TickSchema(), new PipelineOptions { BatchSize = 1000 });
        var stage = p.Source(cluster.SourceAddress(input, group))
            .Stage(r =>
            {
                r["notional"] = r.Get<double>("price") * r.Get<long>("volume");
                return r;
            });
        stage.Sink(cluster.Address(output, "key=symbol"));
        stage.Sink(_ =>
        {
            if (Interlocked.Increment(ref passed) == count)
            {
                stop.Cancel();
            }
        });

        await p.RunAsync(stop.Token).WaitAsync(s_timeout);

        var messages = cluster.ReadAll(output, 3, count);
        messages.Count.ShouldBe(count);
        var values = messages.Select(m => (m.Message.Key, m.Partition.Value, Json: JsonDocument.Parse(m.Message.Value).RootElement)).ToList();
        values.Select(v => v.Json.GetProperty("volume").GetInt64()).Order().ShouldBe(Enumerable.Range(0, count).Select(i => (long)i));
        values.ShouldAllBe(v => v.Key == v.Json.GetProperty("symbol").GetString());
        values.ShouldAllBe(v => v.Json.GetProperty("notional").GetDouble() == v.Json.GetProperty("price").GetDouble() * v.Json.GetProperty("volume").GetInt64());
        values.GroupBy(v => v.Key).ShouldAllBe(g => g.Select(v => v.Value).Distinct().Count() == 1, "one key went to several partitions");
        values.First(v => v.Json.GetProperty("volume").GetInt64() == 1).Json.GetProperty("timestamp").GetString().ShouldBe("2024-01-01T00:00:01.000000Z");
        cluster.Committed(group, input, Partitions).Sum().ShouldBe(count);
    }

    [Fact]
    public async Task RunAsync_PipelineKilledMidRunAndRestarted_ResumesFromCommittedOffsetsWithNothingLost()
    {
        const int count = 20_000;
        var topic = CreateTopicWithKnownOffsets("pipeline-crash", count);
        var group = cluster.NewGroup();
        var address = cluster.SourceAddress(topic, group, "auto.commit.interval.ms=100");
        var options = new PipelineOptions { BatchSize = 500 };

        // First run: a slow sink; the process dies once 6000 rows are written.
        var source = new KafkaSource(address) { DrainTimeout = TimeSpan.Zero };
        var firstSink = new SlowSink(TimeSpan.FromMilliseconds(20));
        var first = new Pipeline(KafkaTestData.TickSchema(), options);
        first.Source(source);
        first.Sink(firstSink);
        var killed = 0;
        first.Sink(async _ =>
        {
            if (firstSink.Rows >= 6_000 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                await source.KillAsync();
            }
        });
        await first.RunAsync().WaitAsync(s_timeout);
        var committed = cluster.Committed(group, topic, Partitions);
        for (var p = 0; p < Partitions; p++)
        {
            var writtenHere = firstSink.Volumes.Where(v => v % Partitions == p).Select(v => v / Partitions).DefaultIfEmpty(-1).Max();
            committed[p].ShouldBeLessThanOrEqualTo(writtenHere + 1, $"partition {p} committed rows its sink never wrote");
        }

        // Second run, same group: it resumes at the committed offsets and, with the first, covers every row.
        var seen = new ConcurrentDictionary<long, bool>(firstSink.Volumes.Select(v => KeyValuePair.Create(v, true)));
        var resumedAt = new ConcurrentDictionary<int, long>();
        using var stop = new CancellationTokenSource();
        var second = new Pipeline(KafkaTestData.TickSchema(), options);
        second.Source(address);
        second.Sink(r =>
        {
            var v = r.Get<long>("volume");
            resumedAt.TryAdd((int)(v % Partitions), v / Partitions);
            if (seen.TryAdd(v, true) && seen.Count == count)
            {
                stop.Cancel();
            }
        });
        await second.RunAsync(stop.Token).WaitAsync(s_timeout);

        seen.Count.ShouldBe(count, "rows were lost across the crash");
        for (var p = 0; p < Partitions; p++)
        {
            if (resumedAt.TryGetValue(p, out var offset))
            {
                offset.ShouldBe(Math.Max(committed[p], 0), $"partition {p} did not resume at its committed offset");
            }
            else
            {
                committed[p].ShouldBe(count / Partitions, $"partition {p} was not read again, so it must have been committed to its end");
            }
        }
    }

    [Fact]
    public async Task RunAsync_SinkFailsMidRun_CommitsOnlyWrittenRowsAndARestartDeliversTheRest()
    {
        const int count = 5_000;
        var topic = CreateTopicWithKnownOffsets("pipeline-fail", count);
        var group = cluster.NewGroup();
        var address = cluster.SourceAddress(topic, group);
        var options = new PipelineOptions { BatchSize = 250, BoundedCapacity = 1 };
        var written = new MemorySink();
        var first = new Pipeline(KafkaTestData.TickSchema(), options);
        var node = first.Source(address);
        node.Sink(written);
        node.Sink(new FailingSink(failOnBatch: 6));

        await Should.ThrowAsync<IOException>(() => first.RunAsync().WaitAsync(s_timeout));

        var committed = cluster.Committed(group, topic, Partitions);
        committed.Where(c => c >= 0).Sum().ShouldBeLessThanOrEqualTo(5 * 250, "offsets of batches the failing sink never wrote were committed");
        var seen = new ConcurrentDictionary<long, bool>();
        using var stop = new CancellationTokenSource();
        var second = new Pipeline(KafkaTestData.TickSchema(), options);
        second.Source(address);
        second.Sink(r =>
        {
            if (seen.TryAdd(r.Get<long>("volume"), true) && seen.Count == count - committed.Where(c => c >= 0).Sum())
            {
                stop.Cancel();
            }
        });
        await second.RunAsync(stop.Token).WaitAsync(s_timeout);

        // Everything past the commits arrives again: nothing the failing sink missed is lost.
        var expected = Enumerable.Range(0, count).Where(i => i / Partitions >= Math.Max(committed[i % Partitions], 0)).Select(i => (long)i);
        seen.Keys.Order().ShouldBe(expected);
    }

    [Fact]
    public async Task RunAsync_TwoPipelinesInOneGroup_SplitThePartitionsAndTogetherDeliverEveryMessage()
    {
        const int count = 20_000;
        var topic = CreateTopicWithKnownOffsets("pipeline-split", count);
        var address = cluster.SourceAddress(topic, cluster.NewGroup());
        var seen = new ConcurrentDictionary<long, int>();
        using var stop = new CancellationTokenSource();
        var partitionsOf = new[] { new ConcurrentDictionary<long, bool>(), new ConcurrentDictionary<long, bool>() };

        Task Run(int member)
        {
            var p = new Pipeline(KafkaTestData.TickSchema(), new PipelineOptions { BatchSize = 200 });
            p.Source(address);
            p.Sink(new SlowSink(TimeSpan.FromMilliseconds(2)));
            p.Sink(r =>
            {
                var v = r.Get<long>("volume");
                partitionsOf[member][v % Partitions] = true;
                if (seen.TryAdd(v, member) && seen.Count == count)
                {
                    stop.Cancel();
                }
            });
            return p.RunAsync(stop.Token);
        }

        await Task.WhenAll(Run(0), Run(1)).WaitAsync(s_timeout);

        seen.Count.ShouldBe(count);
        partitionsOf[0].Keys.ShouldNotBeEmpty("the first pipeline got no partition");
        partitionsOf[1].Keys.ShouldNotBeEmpty("the second pipeline got no partition");
        partitionsOf[0].Keys.Intersect(partitionsOf[1].Keys).ShouldBeEmpty("a partition was read by both pipelines");
    }

    [Fact]
    public async Task RunAsync_BadMessages_ReachTheDeadLetterSinkWithTopicPartitionOffsetAndRawBytes()
    {
        var topic = cluster.CreateTopic("pipeline-bad", 1);
        cluster.Produce(topic, [.. KafkaTestData.Ticks(2), (null, "{\"volume\":true}"u8.ToArray()), .. KafkaTestData.Ticks(2, start: 2)], partition: 0);
        var dead = new ConcurrentQueue<Row>();
        var rows = 0;
        using var stop = new CancellationTokenSource();
        var p = new Pipeline(KafkaTestData.TickSchema(), new PipelineOptions { OnBadRecord = BadRecordPolicy.DeadLetter });
        p.Source(cluster.SourceAddress(topic, cluster.NewGroup()));
        p.Sink(_ =>
        {
            if (Interlocked.Increment(ref rows) == 4)
            {
                stop.Cancel();
            }
        });
        p.DeadLetter(r => dead.Enqueue(r));

        await p.RunAsync(stop.Token).WaitAsync(s_timeout);

        var row = dead.ShouldHaveSingleItem();
        row["location"].ShouldBe($"{topic}/0/2");
        row["record"].ShouldBe("{\"volume\":true}");
        ((string)row["error"]!).ShouldContain("field 'volume'");
    }

    [Fact]
    public void Source_KafkaUriWithoutGroup_ThrowsWhenAdded()
    {
        var p = new Pipeline(KafkaTestData.TickSchema());
        Should.Throw<ArgumentException>(() => p.Source("kafka://localhost:9092/ticks")).Message.ShouldContain("?group=NAME");
    }

    [Fact]
    public void Validate_KeyColumnMissing_ThrowsNamingTheColumn()
    {
        var p = new Pipeline(KafkaTestData.TickSchema());
        p.Source(KafkaTestData.Ticks(1).Select(_ => new Dictionary<string, object?>()));
        p.Sink("kafka://localhost:9092/out?key=isin");

        Should.Throw<SchemaException>(p.Validate).Message.ShouldContain("'isin'");
    }

    [Fact]
    public void Describe_KafkaSourceAndSink_NameTopicGroupAndKey()
    {
        var p = new Pipeline(KafkaTestData.TickSchema());
        p.Source("kafka://localhost:9092/a,b?group=g1");
        p.Sink("kafka://localhost:9092/out?key=symbol");

        var text = p.Describe();

        text.ShouldContain("kafka kafka://localhost:9092/a,b group g1");
        text.ShouldContain("kafka kafka://localhost:9092/out key symbol");
    }

    /// <summary>Creates a topic where message i sits in partition i % 4 at offset i / 4.</summary>
    private string CreateTopicWithKnownOffsets(string prefix, int count)
    {
        var topic = cluster.CreateTopic(prefix, Partitions);
        for (var p = 0; p < Partitions; p++)
        {
            var partition = p;
            cluster.Produce(topic, KafkaTestData.Ticks(count).Where((_, i) => i % Partitions == partition), partition);
        }

        return topic;
    }
}
