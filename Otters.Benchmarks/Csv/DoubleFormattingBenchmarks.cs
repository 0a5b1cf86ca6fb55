using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Otters.IO.Text;

namespace Otters.Benchmarks.Csv;

/// <summary>
/// Shortest round-trip UTF-8 text of 100k doubles: Otters' Schubfach formatter against .NET's own
/// (<c>double.TryFormat(utf8, "R")</c>, the baseline), on computed statistics (17 significant digits, what the
/// builtins add to a CSV) and on prices with four decimals (what a tick file holds).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DoubleFormattingBenchmarks
{
    private const int Count = 100_000;
    private readonly byte[] _buffer = new byte[ShortestDouble.MaxFormattedLength];
    private double[] _statistics = [];
    private double[] _prices = [];

    /// <summary>Makes the values.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _statistics = new double[Count];
        _prices = new double[Count];
        var price = 150.0;
        for (var i = 0; i < Count; i++)
        {
            price *= 1 + ((random.NextDouble() - 0.5) * 0.002);
            _prices[i] = Math.Round(price, 4);
            _statistics[i] = price / 3;
        }
    }

    /// <summary>.NET on computed statistics.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("statistics")]
    public int DotNetStatistics() => DotNet(_statistics);

    /// <summary>Otters on computed statistics.</summary>
    [Benchmark]
    [BenchmarkCategory("statistics")]
    public int OttersStatistics() => Otters(_statistics);

    /// <summary>.NET on prices.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("prices")]
    public int DotNetPrices() => DotNet(_prices);

    /// <summary>Otters on prices.</summary>
    [Benchmark]
    [BenchmarkCategory("prices")]
    public int OttersPrices() => Otters(_prices);

    private int DotNet(double[] values)
    {
        var total = 0;
        foreach (var value in values)
        {
            value.TryFormat(_buffer, out var written, "R", CultureInfo.InvariantCulture);
            total += written;
        }

        return total;
    }

    private int Otters(double[] values)
    {
        var total = 0;
        foreach (var value in values)
        {
            ShortestDouble.TryFormat(value, _buffer, out var written);
            total += written;
        }

        return total;
    }
}
