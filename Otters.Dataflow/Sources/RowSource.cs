using System.Diagnostics;
using System.Runtime.CompilerServices;
using Otters.Conversion;

namespace Otters.Sources;

/// <summary>
/// A source of rows: dictionaries or POCOs/records, from an async or plain enumerable. It batches them
/// into <see cref="SourceContext.BatchSize"/> rows and flushes a partial batch once its first row has
/// waited <see cref="SourceContext.Linger"/>, so a source that yields now and then still streams.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed class RowSource<T> : ISource
{
    private readonly Func<CancellationToken, IAsyncEnumerable<T>>? _open;
    private readonly IEnumerable<T>? _items;
    private readonly string _description;

    public RowSource(Func<CancellationToken, IAsyncEnumerable<T>> open, Schema? schema, string description)
    {
        _open = open;
        Schema = schema;
        _description = description;
    }

    /// <summary>Initializes a source over a plain enumerable, read without async machinery per row.</summary>
    public RowSource(IEnumerable<T> items, Schema? schema, string description)
    {
        _items = items;
        Schema = schema;
        _description = description;
    }

    public Schema? Schema { get; }

    public string Describe() => _description;

    public IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, CancellationToken cancellationToken = default) =>
        _items is not null ? ReadItemsAsync(_items, context, cancellationToken) : ReadAsyncItemsAsync(context, cancellationToken);

    private static async IAsyncEnumerable<RecordBatch> ReadItemsAsync(IEnumerable<T> items, SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var appender = new RowAppender<T>(context);
        var started = Stopwatch.GetTimestamp();
        var lingerTicks = (long)(context.Linger.TotalSeconds * Stopwatch.Frequency);
        using var enumerator = items.GetEnumerator();
        while (true)
        {
            // A plain enumerable may block between items; batches still go out after Linger.
            var more = enumerator.MoveNext();
            if (more)
            {
                if (appender.Length == 0)
                {
                    started = Stopwatch.GetTimestamp();
                }

                var report = appender.AppendAsync(enumerator.Current, cancellationToken);
                if (!report.IsCompletedSuccessfully)
                {
                    await report.ConfigureAwait(false);
                }
            }

            if (appender.Length > 0 && (!more || appender.Length >= context.BatchSize
                || ((appender.Length & 255) == 0 && Stopwatch.GetTimestamp() - started > lingerTicks)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return await appender.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!more)
            {
                break;
            }
        }
    }

    private async IAsyncEnumerable<RecordBatch> ReadAsyncItemsAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var appender = new RowAppender<T>(context);
        var linger = Stopwatch.GetTimestamp();
        var lingerTicks = (long)(context.Linger.TotalSeconds * Stopwatch.Frequency);
        Task? lingerDelay = null;
        var enumerator = _open!(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var pending = false;
        try
        {
            while (true)
            {
                var move = enumerator.MoveNextAsync();
                bool hasNext;
                if (move.IsCompleted)
                {
                    hasNext = move.Result;
                }
                else
                {
                    pending = true;
                    var moveTask = move.AsTask();
                    while (appender.Length > 0 && !moveTask.IsCompleted)
                    {
                        // A partial batch waits at most Linger after its first row, then goes out.
                        var remaining = linger + lingerTicks - Stopwatch.GetTimestamp();
                        if (remaining > 0)
                        {
                            lingerDelay ??= Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), cancellationToken);
                            await Task.WhenAny(moveTask, lingerDelay).ConfigureAwait(false);
                            cancellationToken.ThrowIfCancellationRequested();
                            if (moveTask.IsCompleted)
                            {
                                break;
                            }
                        }

                        lingerDelay = null;
                        yield return await appender.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }

                    hasNext = await moveTask.WaitAsync(cancellationToken).ConfigureAwait(false);
                    pending = false;
                }

                if (!hasNext)
                {
                    break;
                }

                if (appender.Length == 0)
                {
                    linger = Stopwatch.GetTimestamp();
                    lingerDelay = null;
                }

                await appender.AppendAsync(enumerator.Current, cancellationToken).ConfigureAwait(false);
                if (appender.Length >= context.BatchSize
                    || ((appender.Length & 255) == 0 && Stopwatch.GetTimestamp() - linger > lingerTicks))
                {
                    yield return await appender.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (appender.Length > 0)
            {
                yield return await appender.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // An enumerator with a MoveNextAsync still running cannot be disposed; abandon it.
            if (!pending)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
