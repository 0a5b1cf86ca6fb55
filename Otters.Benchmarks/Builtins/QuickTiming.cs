using System.Diagnostics;
using Otters.Kernels;

namespace Otters.Benchmarks.Builtins;

/// <summary>A stopwatch smoke run of the kernels (<c>dotnet run -c Release -- quick</c>), for quick iteration; BenchmarkDotNet gives the numbers we claim.</summary>
internal static class QuickTiming
{
    public static void Run(string? filter = null)
    {
        s_filter = filter;
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
        Time("keyed combo scalar", () => bench.KeyedComboScalar());
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

    private static string? s_filter;

    private static double ThreadCpuSeconds()
    {
        // CLOCK_THREAD_CPUTIME_ID on Linux; elsewhere the process's time, which also counts other threads.
        if (OperatingSystem.IsLinux() && ClockGetTime(3, out var time) == 0)
        {
            return time.Seconds + (time.Nanoseconds * 1e-9);
        }

        return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static void Time(string name, Action action)
    {
        if (s_filter is not null && !name.Contains(s_filter, StringComparison.Ordinal))
        {
            return;
        }

        // The machine is shared: the median says what a run typically gets, the best what the code can do,
        // and the thread's own CPU time leaves out the time other jobs held the core.
        action();
        var seconds = new double[30];
        var cpu = new double[30];
        for (var i = 0; i < seconds.Length; i++)
        {
            var cpu0 = ThreadCpuSeconds();
            var sw = Stopwatch.StartNew();
            action();
            seconds[i] = sw.Elapsed.TotalSeconds;
            cpu[i] = ThreadCpuSeconds() - cpu0;
        }

        Array.Sort(seconds);
        Array.Sort(cpu);
        var median = (seconds[14] + seconds[15]) / 2;
        var cpuMedian = (cpu[14] + cpu[15]) / 2;
        Console.WriteLine($"{name,-24} median {1_000_000 / median / 1e6,6:F0}  best {1_000_000 / seconds[0] / 1e6,6:F0}  cpu-time median {1_000_000 / cpuMedian / 1e6,6:F0} Mrows/s (of 30)");
    }
}
