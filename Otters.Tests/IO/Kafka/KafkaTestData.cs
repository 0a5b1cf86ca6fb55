using System.Text;

namespace Otters.Tests.IO.Kafka;

/// <summary>Schemas, messages and a bounded way to drive a source outside a pipeline.</summary>
internal static class KafkaTestData
{
    public static Schema TickSchema(bool withKey = false)
    {
        var schema = new Schema();
        if (withKey)
        {
            schema.Add("key", ColumnType.String);
        }

        schema.Add("symbol", ColumnType.String);
        schema.Add("price", ColumnType.Float64);
        schema.Add("volume", ColumnType.Int64);
        schema.Add("timestamp", ColumnType.Timestamp(TimeUnit.Microsecond));
        return schema;
    }

    /// <summary>Tick i: symbol S{i % 10}, price i / 100, volume i (the row's identity), timestamp i seconds after 2024-01-01.</summary>
    public static string TickJson(long i) =>
        $"{{\"symbol\":\"S{i % 10}\",\"price\":{i / 100.0:R},\"volume\":{i},\"timestamp\":\"{new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i):yyyy-MM-ddTHH:mm:ss}Z\"}}";

    public static IEnumerable<(string? Key, byte[] Value)> Ticks(int count, int start = 0) =>
        Enumerable.Range(start, count).Select(i => ((string?)$"S{i % 10}", Encoding.UTF8.GetBytes(TickJson(i))));

    public static IEnumerable<long> Volumes(IEnumerable<RecordBatch> batches) =>
        batches.SelectMany(b => ((PrimitiveColumn<long>)b.Column("volume")).Values.ToArray());

    /// <summary>
    /// Reads batches until <paramref name="rows"/> rows arrived or the time is up, acknowledging each
    /// batch (after <paramref name="write"/>, the stand-in for the sinks) unless told not to.
    /// </summary>
    public static async Task<List<RecordBatch>> ReadAsync(
        ISource source,
        SourceContext context,
        int rows,
        TimeSpan timeout,
        Func<RecordBatch, int, bool>? acknowledge = null,
        Func<RecordBatch, Task>? write = null,
        Func<int, bool>? stopAfter = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        var batches = new List<RecordBatch>();
        var total = 0;
        try
        {
            await foreach (var batch in source.ReadAsync(context, cts.Token))
            {
                if (write is not null)
                {
                    await write(batch);
                }

                batches.Add(batch);
                total += batch.Length;
                if (acknowledge?.Invoke(batch, batches.Count - 1) ?? true)
                {
                    ((IAcknowledgingSource)source).Acknowledge(batch);
                }

                if (total >= rows || (stopAfter?.Invoke(total) ?? false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // Out of time: the caller's count assertion says what is missing.
        }

        return batches;
    }
}
