namespace Otters.Tests.Support;

/// <summary>A sink that waits before each write, to stand in for a slow database or network.</summary>
internal sealed class SlowSink(TimeSpan delay) : ISink
{
    private long _rows;

    public long Rows => Interlocked.Read(ref _rows);

    public List<long> Volumes { get; } = [];

    public bool Closed { get; private set; }

    public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        var volumes = ((PrimitiveColumn<long>)batch.Column("volume")).Values;
        lock (Volumes)
        {
            foreach (var v in volumes)
            {
                Volumes.Add(v);
            }
        }

        Interlocked.Add(ref _rows, batch.Length);
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        Closed = true;
        return ValueTask.CompletedTask;
    }

    public string Describe() => "slow";
}

/// <summary>A sink that throws on its n-th write.</summary>
internal sealed class FailingSink(int failOnBatch) : ISink
{
    private int _batches;

    public bool Closed { get; private set; }

    public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default) =>
        ++_batches == failOnBatch ? throw new IOException("disk full") : ValueTask.CompletedTask;

    public ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        Closed = true;
        return ValueTask.CompletedTask;
    }

    public string Describe() => "failing";
}

/// <summary>A batch stage that passes batches through.</summary>
internal sealed class NoOpStage : BatchStage
{
    public override RecordBatch Process(RecordBatch batch) => batch;
}

/// <summary>A batch stage reading a column, to check build-time validation.</summary>
[Stage("reads_column")]
internal sealed class ReadsColumnStage(string column) : BatchStage
{
    public override Schema Bind(Schema input) =>
        input.Contains(column) ? input : throw SchemaException.MissingColumn(Name, column, input);

    public override RecordBatch Process(RecordBatch batch) => batch;
}
