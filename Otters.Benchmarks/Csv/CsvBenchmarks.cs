using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CsvHelper;
using Otters.IO.Csv;
using Otters.IO.Text;

namespace Otters.Benchmarks.Csv;

/// <summary>
/// Reads and writes 2M ticks (symbol, price, volume, timestamp[us]) as CSV through Otters' CsvSource and
/// CsvSink, beside CsvHelper used by hand on the same data with no Otters columns, so Otters' own cost shows.
/// Compare with Otters.Benchmarks/Csv/bench.mjs, which times DuckDB and nodejs-polars on the same file.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CsvThroughputConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CsvBenchmarks
{
    private const int BatchSize = 65_536;

    private static readonly Schema s_schema = new()
    {
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "volume", ColumnType.Int64 },
        { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
    };

    private readonly List<RecordBatch> _batches = [];
    private byte[][] _symbols = [];
    private double[] _prices = [];
    private long[] _volumes = [];
    private long[] _timestamps = [];
    private string _directory = "";
    private string _file = "";

    /// <summary>Gets or sets the number of rows.</summary>
    [Params(2_000_000)]
    public int Rows { get; set; }

    /// <summary>The input file's path: the custom columns read its size to report MB/s.</summary>
    internal static string InputFile(int rows) => Path.Combine(Path.GetTempPath(), "otters-csv-bench", $"ticks-{rows}.csv");

    /// <summary>Builds the ticks deterministically and writes them as the input file.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _file = InputFile(Rows);
        _directory = Path.GetDirectoryName(_file)!;
        Directory.CreateDirectory(_directory);
        byte[][] symbols = [.. new[] { "AAPL", "MSFT", "GOOG", "AMZN", "TSLA", "NVDA", "META", "NFLX" }.Select(Encoding.UTF8.GetBytes)];
        var random = new Random(1);
        _symbols = new byte[Rows][];
        _prices = new double[Rows];
        _volumes = new long[Rows];
        _timestamps = new long[Rows];
        for (var i = 0; i < Rows; i++)
        {
            _symbols[i] = symbols[random.Next(symbols.Length)];
            _prices[i] = Math.Round(100 + (random.NextDouble() * 400), 4);
            _volumes[i] = random.Next(1, 1_000_000);
            _timestamps[i] = 1_704_205_800_000_000L + (i * 137L);
        }

        for (var start = 0; start < Rows; start += BatchSize)
        {
            var n = Math.Min(BatchSize, Rows - start);
            var sym = new StringColumnBuilder(n);
            var price = new PrimitiveColumnBuilder<double>(ColumnType.Float64, n);
            var volume = new PrimitiveColumnBuilder<long>(ColumnType.Int64, n);
            var ts = new PrimitiveColumnBuilder<long>(ColumnType.Timestamp(TimeUnit.Microsecond), n);
            for (var i = start; i < start + n; i++)
            {
                sym.Append(_symbols[i]);
                price.Append(_prices[i]);
                volume.Append(_volumes[i]);
                ts.Append(_timestamps[i]);
            }

            _batches.Add(new RecordBatch(s_schema, [sym.Build(), price.Build(), volume.Build(), ts.Build()]));
        }

        WriteByHand(_file);
        Console.WriteLine($"// {Path.GetFileName(_file)}: {new FileInfo(_file).Length} bytes at {_file}");
    }

    /// <summary>Deletes the written file; the input stays for bench.mjs.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(Path.Combine(_directory, "written.csv"));

    /// <summary>Reads the file through CsvSource into batches of 65,536 rows and counts the rows.</summary>
    [Benchmark]
    [BenchmarkCategory("Read")]
    public async Task<long> Read()
    {
        var source = new CsvSource(_file, s_schema);
        long rows = 0;
        await foreach (var batch in source.ReadAsync(new SourceContext(s_schema, batchSize: BatchSize)))
        {
            rows += batch.Length;
        }

        return rows;
    }

    /// <summary>The floor: CsvHelper's reader by hand, every field's span parsed into a local, no columns.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Read")]
    public long ReadCsvHelperByHand()
    {
        using var reader = CsvReader.Create(File.OpenRead(_file), new CsvReaderOptions { HasHeader = true }, leaveOpen: false);
        long rows = 0, check = 0;
        while (reader.Read())
        {
            check += reader.GetSpan(0).Length;
            System.Buffers.Text.Utf8Parser.TryParse(reader.GetSpan(1), out double price, out _);
            System.Buffers.Text.Utf8Parser.TryParse(reader.GetSpan(2), out long volume, out _);
            check += (long)price + volume + reader.GetSpan(3).Length;
            rows++;
        }

        return rows + (check & 1);
    }

    /// <summary>Writes the pre-built batches through CsvSink.</summary>
    [Benchmark]
    [BenchmarkCategory("Write")]
    public async Task Write()
    {
        var sink = new CsvSink(Path.Combine(_directory, "written.csv"));
        await sink.OpenAsync(s_schema);
        foreach (var batch in _batches)
        {
            await sink.WriteAsync(batch);
        }

        await sink.CloseAsync();
    }

    /// <summary>The floor: CsvHelper's writer by hand from plain arrays, timestamps through the same ISO formatter.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Write")]
    public void WriteCsvHelperByHand() => WriteByHand(Path.Combine(_directory, "written.csv"));

    private void WriteByHand(string path)
    {
        using var writer = CsvWriter.Create(File.Create(path), new CsvWriterOptions { NewLine = "\n", Injection = CsvInjection.None }, leaveOpen: false);
        writer.WriteHeader([.. s_schema.Names]);
        Span<byte> stamp = stackalloc byte[Iso8601.MaxFormattedLength];
        for (var i = 0; i < _prices.Length; i++)
        {
            writer.WriteField(_symbols[i]);
            writer.WriteField(_prices[i], default);
            writer.WriteField(_volumes[i], default);
            Iso8601.TryFormat(_timestamps[i], TimeUnit.Microsecond, stamp, out var written);
            writer.WriteField(stamp[..written]);
            writer.EndRecord();
        }
    }
}
