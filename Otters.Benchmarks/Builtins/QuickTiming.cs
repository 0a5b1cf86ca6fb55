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
        var meanKernel = new RollingMoments(MomentKind.Mean, KernelPath.Auto);
        var meanState = new WindowState(20);
        Time("rolling_mean vector, one state", () => meanKernel.Run(meanState, x, default, y, valid));
        // Fresh kernels writing to differently placed outputs: the spread between these lines is the
        // address-placement effect (store forwarding, 4K aliasing) still left in the rolling kernels.
        foreach (var shift in new[] { 256, 8, 0, 64 })
        {
            var k2 = new RollingMoments(MomentKind.Mean, KernelPath.Auto);
            var s2 = new WindowState(20);
            var big = new double[rows + 512];
            Time($"rolling_mean y+{shift}", () => k2.Run(s2, x, default, big.AsSpan(shift, rows), valid));
        }

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
        foreach (var stage in bench.VectorStages)
        {
            // Each stage alone over all the batches (groupings cached after the first run): the combination minus the others.
            Time($"{stage.Name} keyed alone", () =>
            {
                foreach (var b in bench.Batches)
                {
                    stage.Process(b);
                }
            });
        }

        Time("fresh 8 MB output", () =>
        {
            // What one stage's output costs before any computing: 16 fresh 512 KB pinned buffers, written once.
            for (var b = 0; b < 16; b++)
            {
                GC.AllocateUninitializedArray<double>(65_536, pinned: true).AsSpan().Fill(1.0);
            }
        });
        Time("grouping alone", () =>
        {
            foreach (var b in bench.Batches)
            {
                KeyGrouping.Build(b.Column(0));
            }
        });
        var batch = bench.Batches[0];
        Time("grouping x15", () =>
        {
            for (var i = 0; i < 15; i++)
            {
                KeyGrouping.Build(batch.Column(0));
            }
        });
        var codes = new int[batch.Length];
        Time("key encoding x15", () =>
        {
            for (var i = 0; i < 15; i++)
            {
                KeyEncoder.EncodeStrings((StringColumn)batch.Column(0), codes, out _);
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

    /// <summary>
    /// Times the first calls in a fresh process (<c>dotnet run -c Release -- fresh</c>): what a short job sees
    /// while tiered compilation still runs methods unoptimized.
    /// </summary>
    public static void Fresh()
    {
        var bench = new KeyedStageBenchmarks { Rows = 1_000_000 };
        bench.Setup();
        var x = new double[1_000_000];
        var price = 100.0;
        var random = new Random(1);
        for (var i = 0; i < x.Length; i++)
        {
            price += random.NextDouble() - 0.5;
            x[i] = price;
        }

        var y = new double[x.Length];
        var valid = new byte[x.Length];
        var mean = new RollingMoments(MomentKind.Mean, KernelPath.Auto);
        var meanState = new WindowState(20);
        var std = new RollingMoments(MomentKind.Std, KernelPath.Auto);
        var stdState = new WindowState(20);
        var line = new System.Text.StringBuilder();
        void Lap(string name, Action action, int runs)
        {
            line.Clear().Append($"{name,-22} ms per run:");
            for (var r = 0; r < runs; r++)
            {
                var sw = Stopwatch.StartNew();
                action();
                line.Append($" {sw.Elapsed.TotalMilliseconds,5:F1}");
            }

            Console.WriteLine(line);
        }

        Lap("rolling_mean 1M rows", () => mean.Run(meanState, x, default, y, valid), 8);
        Lap("rolling_std 1M rows", () => std.Run(stdState, x, default, y, valid), 8);
        Lap("keyed combo 1M rows", () => bench.KeyedComboVector(), 8);
    }

    /// <summary>Prints a hash of every bit the keyed combination and the unkeyed kernels produce, to compare two builds' results exactly.</summary>
    public static void Checksum()
    {
        var bench = new KeyedStageBenchmarks { Rows = 1_000_000 };
        bench.Setup();
        var hash = 14695981039346656037UL;
        foreach (var batch in bench.Batches)
        {
            var current = batch;
            foreach (var stage in bench.VectorStages)
            {
                current = stage.Process(current);
            }

            for (var c = 2; c < current.Schema.Count; c++)
            {
                var column = (PrimitiveColumn<double>)current.Column(c);
                for (var i = 0; i < column.Length; i++)
                {
                    hash = (hash ^ (ulong)(column.IsValid(i) ? BitConverter.DoubleToInt64Bits(column.Values[i]) : 1)) * 1099511628211UL;
                }
            }
        }

        Console.WriteLine($"keyed combo checksum {hash:X16}");

        // The unkeyed kernels over a random walk, cut into uneven batches.
        var random = new Random(1);
        var x = new double[1_000_000];
        var price = 1e6;
        for (var i = 0; i < x.Length; i++)
        {
            price += random.NextDouble() - 0.5;
            x[i] = random.Next(100_000) == 0 ? double.NaN : price;
        }

        foreach (var kind in new[] { MomentKind.Mean, MomentKind.Std, MomentKind.ZScore })
        {
            var kernel = new RollingMoments(kind, KernelPath.Auto);
            var state = new WindowState(kind == MomentKind.ZScore ? 100 : 20);
            var y = new double[x.Length];
            var valid = new byte[x.Length];
            var flags = x.Select(v => double.IsNaN(v) ? (byte)0 : (byte)1).ToArray();
            var cuts = new Random(2);
            for (int start = 0, n; start < x.Length; start += n)
            {
                n = Math.Min(cuts.Next(1, 5000), x.Length - start);
                kernel.Run(state, x.AsSpan(start, n), flags.AsSpan(start, n), y.AsSpan(start, n), valid.AsSpan(start, n));
            }

            hash = 14695981039346656037UL;
            for (var i = 0; i < x.Length; i++)
            {
                hash = (hash ^ (ulong)(valid[i] != 0 ? BitConverter.DoubleToInt64Bits(y[i]) : 1)) * 1099511628211UL;
            }

            Console.WriteLine($"unkeyed {kind} checksum {hash:X16}");
        }
    }

    // OTTERS_QUICK_RUNS lengthens a run for profiling (perf record on one line of the table).
    private static readonly int s_runs = int.TryParse(Environment.GetEnvironmentVariable("OTTERS_QUICK_RUNS"), out var runs) && runs >= 2 ? runs : 30;

    private static long MinorFaults() =>
        OperatingSystem.IsLinux() ? long.Parse(File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[7]) : 0;

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
        // Warm up past tiered compilation: a method whose loop runs once per call reaches tier 1 only after
        // 30 calls, and until then its on-stack-replaced code makes the timings bimodal.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 40 && (i < 3 || warm.Elapsed.TotalSeconds < 2); i++)
        {
            action();
        }

        var pause = GC.GetTotalPauseDuration();
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes();
        var faults0 = MinorFaults();
        var seconds = new double[s_runs];
        var cpu = new double[s_runs];
        for (var i = 0; i < seconds.Length; i++)
        {
            var cpu0 = ThreadCpuSeconds();
            var sw = Stopwatch.StartNew();
            action();
            seconds[i] = sw.Elapsed.TotalSeconds;
            cpu[i] = ThreadCpuSeconds() - cpu0;
        }

        if (Environment.GetEnvironmentVariable("OTTERS_QUICK_TRACE") is not null)
        {
            Console.WriteLine(string.Join(' ', seconds.Select(t => (t * 1e3).ToString("F1"))));
        }

        var faults = (MinorFaults() - faults0) / s_runs;
        var gc = $"{faults} faults, GC pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / s_runs:F2} ms, {(GC.GetTotalAllocatedBytes() - allocated) / s_runs / 1e6:F1} MB, gen2 x{(GC.CollectionCount(2) - gen2) / (double)s_runs:F1} per run";
        Array.Sort(seconds);
        Array.Sort(cpu);
        var median = (seconds[(s_runs - 1) / 2] + seconds[s_runs / 2]) / 2;
        var cpuMedian = (cpu[(s_runs - 1) / 2] + cpu[s_runs / 2]) / 2;
        Console.WriteLine($"{name,-24} median {1_000_000 / median / 1e6,6:F0}  best {1_000_000 / seconds[0] / 1e6,6:F0}  cpu-time median {1_000_000 / cpuMedian / 1e6,6:F0} Mrows/s (of {s_runs}); {gc}");
    }
}
