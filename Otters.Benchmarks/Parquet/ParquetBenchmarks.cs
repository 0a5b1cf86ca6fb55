using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;

namespace Otters.Benchmarks.Parquet;

/// <summary>
/// Reads and writes 2M ticks (symbol, price, volume, timestamp[us]) as Parquet. Compare with
/// Otters.Benchmarks/Parquet/bench.mjs, which times DuckDB and nodejs-polars on the same file.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ParquetBenchmarks
{
    private static readonly Schema s_schema = new()
    {
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "volume", ColumnType.Int64 },
        { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
    };

    private readonly List<RecordBatch> _batches = [];
    private string _directory = "";
    private string _file = "";

    /// <summary>Gets or sets the number of rows.</summary>
    [Params(2_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "otters-parquet-bench");
        Directory.CreateDirectory(_directory);
        _file = Path.Combine(_directory, "ticks.parquet");
        string[] symbols = ["AAPL", "MSFT", "GOOG", "AMZN", "TSLA", "NVDA", "META", "NFLX"];
        var random = new Random(1);
        const int batchSize = 65_536;
        for (var start = 0; start < Rows; start += batchSize)
        {
            var n = Math.Min(batchSize, Rows - start);
            var sym = new StringColumnBuilder(n);
            var price = new PrimitiveColumnBuilder<double>(ColumnType.Float64, n);
            var volume = new PrimitiveColumnBuilder<long>(ColumnType.Int64, n);
            var ts = new PrimitiveColumnBuilder<long>(ColumnType.Timestamp(TimeUnit.Microsecond), n);
            for (var i = 0; i < n; i++)
            {
                sym.Append(symbols[random.Next(symbols.Length)]);
                price.Append(Math.Round(100 + (random.NextDouble() * 400), 4));
                volume.Append(random.Next(1, 1_000_000));
                ts.Append(1_704_205_800_000_000L + ((start + i) * 137L));
            }

            _batches.Add(new RecordBatch(s_schema, [sym.Build(), price.Build(), volume.Build(), ts.Build()]));
        }

        WriteAsync(_file).AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"// ticks.parquet: {new FileInfo(_file).Length} bytes at {_file}");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(Path.Combine(_directory, "written.parquet"));

    /// <summary>Reads the whole file into batches of 65,536 rows.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> Read()
    {
        var source = new ParquetSource(_file);
        long rows = 0;
        await foreach (var batch in source.ReadAsync(new SourceContext(source.Schema, batchSize: 65_536)))
        {
            rows += batch.Length;
        }

        return rows;
    }

    /// <summary>Writes the batches with Snappy, the default.</summary>
    [Benchmark]
    public ValueTask Write() => WriteAsync(Path.Combine(_directory, "written.parquet"));

    private async ValueTask WriteAsync(string path)
    {
        var sink = new ParquetSink(path);
        await sink.OpenAsync(s_schema);
        foreach (var batch in _batches)
        {
            await sink.WriteAsync(batch);
        }

        await sink.CloseAsync();
    }

    private sealed class ThroughputConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public ThroughputConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
