using System.Diagnostics;
using Otters.Kernels;

namespace Otters.Benchmarks.Builtins;

/// <summary>A stopwatch smoke run of the kernels (<c>dotnet run -c Release -- quick</c>), for quick iteration; BenchmarkDotNet gives the numbers we claim.</summary>
internal static class QuickTiming
{
    public static void Run()
    {
        const int rows = 1_000_000;
        var random = new Random(1);
        var x = new double[rows];
        var price = 100.0;
        for (var i = 0; i < rows; i++)
        {
            price += random.NextDouble() - 0.5;
            x[i] = price;
        }

        var y = new double[rows];
        var valid = new byte[rows];
        var bits = new byte[rows / 8 + 1];
        Time("rolling_mean scalar", () => new RollingMoments(MomentKind.Mean, KernelPath.Scalar).Run(new WindowState(20), x, default, y, valid));
        Time("rolling_mean vector", () => new RollingMoments(MomentKind.Mean, KernelPath.Auto).Run(new WindowState(20), x, default, y, valid));
        Time("rolling_std vector", () => new RollingMoments(MomentKind.Std, KernelPath.Auto).Run(new WindowState(20), x, default, y, valid));
        Time("ema", () => new EmaKernel(20).Run(new EmaState(), x, default, y, valid));
        Array.Fill(valid, (byte)1);
        Time("lag scalar", () => LagKernel.Run(new LagState<double>(1), x, valid, y, valid, KernelPath.Scalar));
        Time("lag vector", () => LagKernel.Run(new LagState<double>(1), x, valid, y, valid, KernelPath.Auto));
        Time("pct scalar", () => PctChangeKernel.Run(new PreviousValue(), x, default, y, valid, KernelPath.Scalar));
        Time("pct vector", () => PctChangeKernel.Run(new PreviousValue(), x, default, y, valid, KernelPath.Auto));
        Time("threshold vector", () => ThresholdKernel.Run(x, default, 100, bits, KernelPath.Auto));

        var bench = new KeyedStageBenchmarks { Rows = rows };
        bench.Setup();
        Time("keyed combo (4 stages)", () => bench.KeyedComboVector());
        var batch = bench.Batches[0];
        Time("grouping x15", () =>
        {
            for (var i = 0; i < 15; i++)
            {
                KeyGrouping.Build(batch.Column(0));
            }
        });
        foreach (var stage in bench.VectorStages)
        {
            Time($"{stage.Name} keyed x15", () =>
            {
                for (var i = 0; i < 15; i++)
                {
                    stage.Process(batch);
                }
            });
        }
    }

    private static void Time(string name, Action action)
    {
        var best = double.MaxValue;
        for (var i = 0; i < 30; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"{name,-22} {1_000_000 / best / 1e6,8:F0} Mrows/s (best of 30)");
    }
}
