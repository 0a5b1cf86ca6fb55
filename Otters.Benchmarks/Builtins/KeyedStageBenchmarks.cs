using BenchmarkDotNet.Attributes;
using Otters.Kernels;

namespace Otters.Benchmarks.Builtins;

/// <summary>
/// The keyed combination by symbol (8 keys, interleaved at random): RollingMean(20) + RollingStd(20) +
/// ZScore(100) + Ema(20), as stages over batches of 65,536 rows, each adding its column to the batch
/// the previous one produced (as a pipeline chains them). Scalar kernels are the baseline.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class KeyedStageBenchmarks
{
    private const int BatchSize = 65_536;
    private RecordBatch[] _batches = [];
    private BatchStage[] _vector = [];
    private BatchStage[] _scalar = [];

    internal RecordBatch[] Batches => _batches;

    internal BatchStage[] VectorStages => _vector;

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var schema = new Schema { { "symbol", ColumnType.String }, { "price", ColumnType.Float64 } };
        string[] symbols = ["AAPL", "MSFT", "GOOG", "TSLA", "NVDA", "AMZN", "META", "NFLX"];
        var prices = symbols.Select((_, i) => 100.0 + (10 * i)).ToArray();
        var random = new Random(3);
        var batches = new List<RecordBatch>();
        for (var start = 0; start < Rows; start += BatchSize)
        {
            var n = Math.Min(BatchSize, Rows - start);
            var keys = new StringColumnBuilder(n);
            var values = new PrimitiveColumnBuilder<double>(ColumnType.Float64, n);
            for (var i = 0; i < n; i++)
            {
                var k = random.Next(symbols.Length);
                prices[k] += random.NextDouble() - 0.5;
                keys.Append(symbols[k]);
                values.Append(prices[k]);
            }

            batches.Add(new RecordBatch(schema, [keys.Build(), values.Build()]));
        }

        _batches = [.. batches];
        _vector = Stages(KernelPath.Auto, schema);
        _scalar = Stages(KernelPath.Scalar, schema);
    }

    [Benchmark(Baseline = true)]
    public int KeyedComboScalar() => Run(_scalar);

    [Benchmark]
    public int KeyedComboVector() => Run(_vector);

    private static BatchStage[] Stages(KernelPath path, Schema schema)
    {
        BatchStage[] stages =
        [
            new RollingMeanStage("price", 20, "symbol") { Path = path },
            new RollingStdStage("price", 20, "symbol") { Path = path },
            new ZScoreStage("price", 100, "symbol") { Path = path },
            new EmaStage("price", 20, "symbol") { Path = path },
        ];
        foreach (var stage in stages)
        {
            schema = stage.Bind(schema);
        }

        return stages;
    }

    private int Run(BatchStage[] stages)
    {
        var rows = 0;
        foreach (var batch in _batches)
        {
            // A pipeline sees each batch once: encode its keys anew, as the first keyed stage would.
            KeyGrouping.Forget(batch.Column(0));
            var current = batch;
            foreach (var stage in stages)
            {
                current = stage.Process(current);
            }

            rows += current.Length;
        }

        return rows;
    }

    private sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config() => AddColumn(new RowsPerSecondColumn());
    }
}
