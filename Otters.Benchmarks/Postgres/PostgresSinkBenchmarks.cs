using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using NpgsqlTypes;
using Otters.Tests.IO.Postgres;

namespace Otters.Benchmarks.Postgres;

/// <summary>
/// Loads one batch of ticks (symbol text, price double precision, volume bigint, timestamp timestamptz) into a
/// PostgreSQL table in one transaction: Otters' <see cref="PostgresSink"/> against the same binary COPY written by
/// hand with Npgsql from plain arrays. Starts its own throwaway PostgreSQL 15 cluster on a loopback port.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8)]
[Config(typeof(RowsPerSecondConfig))]
public class PostgresSinkBenchmarks
{
    private const string Table = "bench_ticks";
    private ThrowawayPostgresCluster _cluster = null!;
    private NpgsqlDataSource _dataSource = null!;
    private PostgresSink _sink = null!;
    private RecordBatch _batch = null!;
    private string[] _symbols = null!;
    private double[] _prices = null!;
    private long[] _volumes = null!;
    private DateTime[] _timestamps = null!;

    /// <summary>Gets or sets the rows per batch (one transaction).</summary>
    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [IterationSetup]
    public void Truncate()
    {
        using var command = _dataSource.CreateCommand($"TRUNCATE {Table}");
        command.ExecuteNonQuery();
    }

    [Benchmark(Baseline = true, Description = "Npgsql binary COPY by hand")]
    public ulong NpgsqlCopyByHand()
    {
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        ulong written;
        using (var importer = connection.BeginBinaryImport($"COPY {Table} (symbol, price, volume, \"timestamp\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < _symbols.Length; i++)
            {
                importer.StartRow();
                importer.Write(_symbols[i], NpgsqlDbType.Text);
                importer.Write(_prices[i], NpgsqlDbType.Double);
                importer.Write(_volumes[i], NpgsqlDbType.Bigint);
                importer.Write(_timestamps[i], NpgsqlDbType.TimestampTz);
            }

            written = importer.Complete();
        }

        transaction.Commit();
        return written;
    }

    [Benchmark(Description = "Otters PostgresSink.WriteAsync")]
    public async Task OttersSink() => await _sink.WriteAsync(_batch);

    private async Task SetupAsync()
    {
        _cluster = await ThrowawayPostgresCluster.StartAsync();
        _dataSource = NpgsqlDataSource.Create(_cluster.ConnectionString);
        await using (var create = _dataSource.CreateCommand(
            $"CREATE TABLE {Table} (symbol text, price double precision, volume bigint, \"timestamp\" timestamptz)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var schema = new Schema
        {
            { "symbol", ColumnType.String },
            { "price", ColumnType.Float64 },
            { "volume", ColumnType.Int64 },
            { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
        };
        string[] names = ["AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "BRK.B"];
        var random = new Random(42);
        var start = new DateTime(2026, 1, 2, 14, 30, 0, DateTimeKind.Utc);
        _symbols = new string[Rows];
        _prices = new double[Rows];
        _volumes = new long[Rows];
        _timestamps = new DateTime[Rows];
        var builder = new RecordBatchBuilder(schema, Rows);
        for (var i = 0; i < Rows; i++)
        {
            _symbols[i] = names[i % names.Length];
            _prices[i] = 100 + (random.NextDouble() * 50);
            _volumes[i] = random.Next(1, 10_000);
            _timestamps[i] = start.AddTicks(i * 10L);
            ((StringColumnBuilder)builder.Builder(0)).Append(_symbols[i]);
            ((PrimitiveColumnBuilder<double>)builder.Builder(1)).Append(_prices[i]);
            ((PrimitiveColumnBuilder<long>)builder.Builder(2)).Append(_volumes[i]);
            ((PrimitiveColumnBuilder<long>)builder.Builder(3)).Append((_timestamps[i].Ticks - DateTime.UnixEpoch.Ticks) / 10);
        }

        _batch = builder.Build();
        _sink = new PostgresSink(_dataSource, Table);
        _sink.Validate(schema);
        await _sink.OpenAsync(schema);
    }

    private async Task CleanupAsync()
    {
        await _sink.CloseAsync();
        await _dataSource.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}
