using Confluent.Kafka;
using Otters.IO.Kafka;

namespace Otters.Tests.IO.Kafka;

public sealed class KafkaOffsetLedgerTests
{
    private static readonly Schema s_schema = new() { { "x", ColumnType.Int64 } };

    private static RecordBatch Batch() => RecordBatch.Empty(s_schema);

    private static string[] Text(IEnumerable<TopicPartitionOffset> offsets) =>
        offsets.Select(o => $"{o.Topic}/{o.Partition.Value}@{o.Offset.Value}").Order().ToArray();

    [Fact]
    public void Acknowledge_Batch_ReleasesTheNextOffsetOfEachPartitionItCovers()
    {
        var ledger = new KafkaOffsetLedger();
        ledger.Track("t", 0, 10);
        ledger.Track("t", 0, 11);
        ledger.Track("t", 1, 5);
        ledger.Track("u", 0, 3);
        ledger.Track("t", 0, 12);
        var batch = Batch();
        ledger.Seal(batch);

        Text(ledger.Acknowledge(batch)).ShouldBe(["t/0@13", "t/1@6", "u/0@4"]);
        ledger.Pending.ShouldBe(0);
    }

    [Fact]
    public void Acknowledge_LaterBatch_AlsoReleasesEarlierOnesInOrder()
    {
        var ledger = new KafkaOffsetLedger();
        var first = Batch();
        var second = Batch();
        ledger.Track("t", 0, 1);
        ledger.Track("t", 1, 7);
        ledger.Seal(first);
        ledger.Track("t", 0, 2);
        ledger.Seal(second);

        Text(ledger.Acknowledge(second)).ShouldBe(["t/0@3", "t/1@8"]);
        ledger.Acknowledge(first).ShouldBeEmpty();
    }

    [Fact]
    public void Acknowledge_UnknownBatch_ReleasesNothing()
    {
        var ledger = new KafkaOffsetLedger();
        ledger.Track("t", 0, 1);
        ledger.Seal(Batch());

        ledger.Acknowledge(Batch()).ShouldBeEmpty();
        ledger.Pending.ShouldBe(1);
    }

    [Fact]
    public void SealWithoutRows_BatchesPending_JoinsTheNewestSoItCommitsOnlyAfterIt()
    {
        var ledger = new KafkaOffsetLedger();
        var batch = Batch();
        ledger.Track("t", 0, 1);
        ledger.Seal(batch);
        ledger.Track("t", 0, 2);
        ledger.Track("t", 3, 9);

        ledger.SealWithoutRows().ShouldBeEmpty();

        Text(ledger.Acknowledge(batch)).ShouldBe(["t/0@3", "t/3@10"]);
    }

    [Fact]
    public void SealWithoutRows_NothingPending_ReleasesAtOnce()
    {
        var ledger = new KafkaOffsetLedger();
        ledger.Track("t", 0, 4);

        Text(ledger.SealWithoutRows()).ShouldBe(["t/0@5"]);
        ledger.HasUnsealed.ShouldBeFalse();
    }

    [Fact]
    public async Task WhenDrained_CompletesWhenTheLastBatchIsAcknowledgedOrForgotten()
    {
        var ledger = new KafkaOffsetLedger();
        var first = Batch();
        var unread = Batch();
        ledger.Track("t", 0, 1);
        ledger.Seal(first);
        ledger.Track("t", 0, 2);
        ledger.Seal(unread);
        var drained = ledger.WhenDrained();

        ledger.Acknowledge(first);
        drained.IsCompleted.ShouldBeFalse();
        ledger.Forget(unread);

        await drained.WaitAsync(TimeSpan.FromSeconds(5));
        ledger.Pending.ShouldBe(0);
    }
}
