using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Otters.Kernels;

namespace Otters.Benchmarks.Builtins;

/// <summary>
/// Each builtin kernel alone over one unkeyed float64 column with no nulls (a random walk near 100),
/// vector path against the scalar path (the baseline of each category). Windows: 20 rows, span 20.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(Config))]
public class KernelBenchmarks
{
    private double[] _x = [];
    private double[] _y = [];
    private byte[] _valid = [];
    private byte[] _bits = [];
    private RollingMoments _meanScalar = null!;
    private RollingMoments _meanVector = null!;
    private RollingMoments _stdScalar = null!;
    private RollingMoments _stdVector = null!;
    private WindowState _meanState = null!;
    private WindowState _stdState = null!;
    private EmaKernel _ema = null!;
    private EmaState _emaState = null!;
    private LagState<double> _lag = null!;
    private PreviousValue _previous = null!;

    [Params(100_000, 1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _x = new double[Rows];
        var price = 100.0;
        for (var i = 0; i < Rows; i++)
        {
            price += random.NextDouble() - 0.5;
            _x[i] = price;
        }

        _y = new double[Rows];
        _valid = new byte[Rows];
        Array.Fill(_valid, (byte)1);
        _bits = new byte[(Rows + 7) / 8];
        _meanScalar = new RollingMoments(MomentKind.Mean, KernelPath.Scalar);
        _meanVector = new RollingMoments(MomentKind.Mean, KernelPath.Auto);
        _stdScalar = new RollingMoments(MomentKind.Std, KernelPath.Scalar);
        _stdVector = new RollingMoments(MomentKind.Std, KernelPath.Auto);
        _meanState = new WindowState(20);
        _stdState = new WindowState(20);
        _ema = new EmaKernel(20);
        _emaState = new EmaState();
        _lag = new LagState<double>(1);
        _previous = new PreviousValue();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("RollingMean")]
    public void RollingMeanScalar() => _meanScalar.Run(_meanState, _x, default, _y, _valid);

    [Benchmark, BenchmarkCategory("RollingMean")]
    public void RollingMeanVector() => _meanVector.Run(_meanState, _x, default, _y, _valid);

    [Benchmark(Baseline = true), BenchmarkCategory("RollingStd")]
    public void RollingStdScalar() => _stdScalar.Run(_stdState, _x, default, _y, _valid);

    [Benchmark, BenchmarkCategory("RollingStd")]
    public void RollingStdVector() => _stdVector.Run(_stdState, _x, default, _y, _valid);

    [Benchmark(Baseline = true), BenchmarkCategory("Ema")]
    public void EmaScalar() => _ema.Run(_emaState, _x, default, _y, _valid);

    [Benchmark(Baseline = true), BenchmarkCategory("Lag")]
    public void LagScalar() => LagKernel.Run(_lag, _x, _valid, _y, _valid, KernelPath.Scalar);

    [Benchmark, BenchmarkCategory("Lag")]
    public void LagVector() => LagKernel.Run(_lag, _x, _valid, _y, _valid, KernelPath.Auto);

    [Benchmark(Baseline = true), BenchmarkCategory("PctChange")]
    public void PctChangeScalar() => PctChangeKernel.Run(_previous, _x, default, _y, _valid, KernelPath.Scalar);

    [Benchmark, BenchmarkCategory("PctChange")]
    public void PctChangeVector() => PctChangeKernel.Run(_previous, _x, default, _y, _valid, KernelPath.Auto);

    [Benchmark(Baseline = true), BenchmarkCategory("Threshold")]
    public void ThresholdScalar() => ThresholdKernel.Run(_x, default, 100, _bits, KernelPath.Scalar);

    [Benchmark, BenchmarkCategory("Threshold")]
    public void ThresholdVector() => ThresholdKernel.Run(_x, default, 100, _bits, KernelPath.Auto);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RowsPerSecondColumn());
    }
}
