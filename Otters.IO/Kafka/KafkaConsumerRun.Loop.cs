using System.Diagnostics;
using System.Text;
using System.Text.Unicode;
using Confluent.Kafka;

namespace Otters.IO.Kafka;

/// <content>The consumer thread: messages into rows, rows into batches.</content>
internal sealed partial class KafkaConsumerRun
{
    private void ConsumeLoop()
    {
        var stop = _stop.Token;
        var linger = _context.Linger;
        var batchSize = _context.BatchSize;
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.MaxValue;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (_fatal is { } fatal)
                {
                    throw new KafkaException(fatal);
                }

                var open = _ledger.HasUnsealed;
                var wait = open ? Math.Clamp((int)Math.Ceiling((deadline - clock.Elapsed).TotalMilliseconds), 0, PollMilliseconds) : PollMilliseconds;
                var result = Consume(wait);
                if (result is not null)
                {
                    if (!open)
                    {
                        // A batch lingers from its first message, so a slow topic still streams.
                        deadline = clock.Elapsed + linger;
                    }

                    if (!result.Message.Value)
                    {
                        ReportBadRecord(result, stop);
                    }

                    _ledger.Track(result.Topic, result.Partition.Value, result.Offset.Value);
                    if (_decoder.Length >= batchSize)
                    {
                        Flush(stop);
                    }
                }
                else if (open && clock.Elapsed >= deadline)
                {
                    Flush(stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the partial batch is dropped unacknowledged and replays in the next run.
        }
        catch (ConsumeException ex)
        {
            Fail(new OttersException($"The Kafka source {_source.Address} failed to consume: {ex.Error.Reason}.", ex));
        }
        catch (KafkaException ex)
        {
            Fail(new OttersException($"The Kafka source {_source.Address} failed: {ex.Error.Reason}.", ex));
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            _batches.Writer.TryComplete();
            _stopped.TrySetResult();
        }
    }

    private ConsumeResult<KeyMark, bool>? Consume(int milliseconds)
    {
        try
        {
            return _consumer.Consume(milliseconds);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            // A passing condition (a topic not yet created, a broker moving): librdkafka retries by itself.
            return null;
        }
    }

    private void Flush(CancellationToken stop)
    {
        if (_decoder.Length == 0)
        {
            Store(_ledger.SealWithoutRows());
            return;
        }

        var batch = _decoder.Build();
        _ledger.Seal(batch);
        while (!_batches.Writer.TryWrite(batch))
        {
            // The pipeline is behind: wait on this dedicated thread (backpressure reaches the broker as
            // fewer fetches, since the consumer is not polled meanwhile).
            if (!_batches.Writer.WaitToWriteAsync(stop).AsTask().GetAwaiter().GetResult())
            {
                return;
            }
        }
    }

    private void ReportBadRecord(ConsumeResult<KeyMark, bool> result, CancellationToken stop)
    {
        var raw = _badValue ?? [];
        _badValue = null;
        var record = new BadRecord(
            _source.Address.ToString(),
            $"{result.Topic}/{result.Partition.Value}/{result.Offset.Value}",
            _decoder.LastError ?? "the message does not fit the schema",
            Utf8.IsValid(raw) ? Encoding.UTF8.GetString(raw) : "base64:" + Convert.ToBase64String(raw));
        _context.ReportBadRecordAsync(record, stop).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The key of a consumed message, kept by the run rather than in the result.</summary>
    internal readonly struct KeyMark;

    /// <summary>Stashes the message key for <see cref="RowDecoding"/>, which runs right after it.</summary>
    private sealed class KeyStash(KafkaConsumerRun run) : IDeserializer<KeyMark>
    {
        public KeyMark Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            run._keyIsNull = isNull;
            run._keyLength = data.Length;
            if (run._key.Length < data.Length)
            {
                run._key = new byte[Math.Max(data.Length, run._key.Length * 2)];
            }

            data.CopyTo(run._key);
            return default;
        }
    }

    /// <summary>Decodes the message value straight into the batch's column builders; false for a bad message.</summary>
    private sealed class RowDecoding(KafkaConsumerRun run) : IDeserializer<bool>
    {
        public bool Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (run._decoder.TryAppend(run._key.AsSpan(0, run._keyLength), run._keyIsNull, data, isNull))
            {
                return true;
            }

            // The bytes live only during this call; a bad message keeps a copy for the dead-letter record.
            run._badValue = data.ToArray();
            return false;
        }
    }
}
