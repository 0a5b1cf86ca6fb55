using System.Collections.Concurrent;
using Otters.IO.Kafka;

namespace Otters.Tests.IO.Kafka;

/// <summary>Crash recovery and scale-out: what the consumer group and acknowledged commits promise.</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaConsumerGroupTests(KafkaClusterFixture cluster)
{
    private const int Partitions = 4;

    [Fact]
    public async Task ReadAsync_KilledMidRunAndRestarted_ResumesFromTheCommittedOffsetsAndLosesNothing()
    {
        const int count = 20_000;
        var topic = CreateTopicWithKnownOffsets("crash", count);
        var group = cluster.NewGroup();
        var address = cluster.SourceAddress(topic, group, "auto.commit.interval.ms=100");
        var context = new SourceContext(KafkaTestData.TickSchema(), batchSize: 500);

        // First run: a slow sink writes and acknowledges batches until the process is killed.
        var written = new List<long>();
        var first = new KafkaSource(address) { DrainTimeout = TimeSpan.Zero };
        await KafkaTestData.ReadAsync(first, context, int.MaxValue, TimeSpan.FromSeconds(60),
            write: async batch =>
            {
                await Task.Delay(30);
                written.AddRange(KafkaTestData.Volumes([batch]));
            },
            stopAfter: total =>
            {
                if (total < 8_000)
                {
                    return false;
                }

                first.KillAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
                return true;
            });
        var committed = cluster.Committed(group, topic, Partitions);

        // Nothing is committed beyond what was written, and the periodic commit did record progress.
        written.Count.ShouldBeGreaterThanOrEqualTo(8_000);
        for (var p = 0; p < Partitions; p++)
        {
            var writtenHere = written.Where(v => v % Partitions == p).Select(v => v / Partitions).DefaultIfEmpty(-1).Max();
            committed[p].ShouldBeLessThanOrEqualTo(writtenHere + 1, $"partition {p} committed past its written rows");
        }

        committed.Where(c => c >= 0).Sum().ShouldBeGreaterThan(0);

        // Second run, same group: it starts where the commits say, and with the first run covers everything.
        var seen = new HashSet<long>(written);
        var second = await KafkaTestData.ReadAsync(new KafkaSource(address), context, int.MaxValue, TimeSpan.FromSeconds(60),
            write: batch =>
            {
                seen.UnionWith(KafkaTestData.Volumes([batch]));
                return Task.CompletedTask;
            },
            stopAfter: _ => seen.Count == count);

        seen.Count.ShouldBe(count, "rows were lost across the crash");
        var replayed = KafkaTestData.Volumes(second).ToList();
        for (var p = 0; p < Partitions; p++)
        {
            var here = replayed.Where(v => v % Partitions == p).ToList();
            if (here.Count == 0)
            {
                committed[p].ShouldBe(count / Partitions, $"partition {p} was not read again, so it must have been committed to its end");
            }
            else
            {
                (here.Min() / Partitions).ShouldBe(Math.Max(committed[p], 0), $"partition {p} did not resume at its committed offset");
            }
        }
    }

    [Fact]
    public async Task ReadAsync_TwoSourcesInOneGroup_SplitThePartitionsAndTogetherDeliverEveryMessage()
    {
        const int count = 20_000;
        var topic = CreateTopicWithKnownOffsets("split", count);
        var address = cluster.SourceAddress(topic, cluster.NewGroup());
        var seen = new ConcurrentDictionary<long, int>();

        Task<List<RecordBatch>> Member(int id) => Task.Run(() => KafkaTestData.ReadAsync(
            new KafkaSource(address),
            new SourceContext(KafkaTestData.TickSchema(), batchSize: 200),
            int.MaxValue,
            TimeSpan.FromSeconds(60),
            write: async batch =>
            {
                foreach (var v in KafkaTestData.Volumes([batch]))
                {
                    seen.TryAdd(v, id);
                }

                await Task.Delay(2);
            },
            stopAfter: _ => seen.Count == count));

        var members = await Task.WhenAll(Member(1), Member(2));

        seen.Count.ShouldBe(count);
        var partitionsOf = members.Select(m => KafkaTestData.Volumes(m).Select(v => v % Partitions).ToHashSet()).ToArray();
        partitionsOf[0].ShouldNotBeEmpty("the first member got no partition");
        partitionsOf[1].ShouldNotBeEmpty("the second member got no partition");
        partitionsOf[0].Intersect(partitionsOf[1]).ShouldBeEmpty("a partition was read by both members");
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
