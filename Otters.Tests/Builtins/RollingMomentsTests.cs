using Otters.Kernels;
using Xunit.Abstractions;

namespace Otters.Tests.Builtins;

public sealed class RollingMomentsTests(ITestOutputHelper output)
{
    public static TheoryData<double, int> Walks => new() { { 0.01, 20 }, { 1.0, 20 }, { 0.01, 100 }, { 1.0, 1000 } };

    /// <summary>
    /// 2 million random-walk prices near 1e6: the std of every window stays within 5e-15 relative of the exact
    /// value (measured: 3e-16, one rounding). pandas 1.5.3 is off by up to 2.5e-2 (step 0.01) and 5.3e-4
    /// (step 1) on the same kind of walk (Fixtures/builtins/pandas_exactness.py).
    /// </summary>
    [Theory]
    [MemberData(nameof(Walks))]
    public void Run_RandomWalkNear1e6_StdWithinExactReference(double step, int window)
    {
        const int rows = 2_000_000;
        var x = RandomWalk(rows, step, seed: 42);
        var y = new double[rows];
        var valid = new byte[rows];
        new RollingMoments(MomentKind.Std, KernelPath.Auto).Run(new WindowState(window), x, default, y, valid);

        // Every price is a multiple of 2^-33 below 2^20, so price * 2^33 is an integer and the sliding sums
        // of (scaled - base) and its square are exact in Int128.
        var scaled = x.Select(v => (long)Math.ScaleB(v, 33)).ToArray();
        var b = scaled[0];
        Int128 s1 = 0, s2 = 0;
        var worst = 0.0;
        for (var i = 0; i < rows; i++)
        {
            Int128 d = scaled[i] - b;
            s1 += d;
            s2 += d * d;
            if (i >= window)
            {
                Int128 old = scaled[i - window] - b;
                s1 -= old;
                s2 -= old * old;
            }

            if (i < window - 1)
            {
                valid[i].ShouldBe((byte)0);
                continue;
            }

            valid[i].ShouldBe((byte)1);
            var num = (window * s2) - (s1 * s1);
            var exact = Math.ScaleB(Math.Sqrt((double)num / ((double)window * (window - 1))), -33);
            if (exact > 0)
            {
                worst = Math.Max(worst, Math.Abs(y[i] - exact) / exact);
            }
        }

        output.WriteLine($"rolling({window}).std over {rows} rows near 1e6, step {step}: max relative error {worst:E2}");
        worst.ShouldBeLessThan(5e-15);
    }

    [Theory]
    [InlineData("Mean")]
    [InlineData("Std")]
    [InlineData("ZScore")]
    public void Run_EveryPathAndAnyCuts_BitIdentical(string kindName)
    {
        var kind = Enum.Parse<MomentKind>(kindName);
        const int rows = 20_000;
        var x = RandomWalk(rows, 1.0, seed: 5);
        var random = new Random(11);
        var valid = x.Select(_ => random.Next(500) == 0 ? (byte)0 : (byte)1).ToArray();
        var reference = Run(kind, KernelPath.Scalar, x, valid, [rows]);
        foreach (var path in new[] { KernelPath.Scalar, KernelPath.Vector128, KernelPath.Vector256, KernelPath.Auto })
        {
            foreach (var cuts in new[] { Cuts(rows, 1), Cuts(rows, 7), Cuts(rows, 1024), RandomCuts(rows, 3) })
            {
                var (y, v) = Run(kind, path, x, valid, cuts);
                v.ShouldBe(reference.Valid, $"{path} validity");
                for (var i = 0; i < rows; i++)
                {
                    if (v[i] != 0 && BitConverter.DoubleToInt64Bits(y[i]) != BitConverter.DoubleToInt64Bits(reference.Y[i]))
                    {
                        throw new ShouldAssertException($"{kind} {path}: row {i} is {y[i]:R}, scalar gives {reference.Y[i]:R}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("Std", 20)]
    [InlineData("ZScore", 100)]
    [InlineData("ZScore", 2)]
    public void RunLanes_SevenKeysOverUnevenBatches_SameBitsAsOneKeyAtATime(string kindName, int window)
    {
        var kind = Enum.Parse<MomentKind>(kindName);
        var lanes = new RollingMoments(kind, KernelPath.Vector256);
        if (!lanes.CanRunLanes(window))
        {
            // No 256-bit vectors on this machine: the lanes never run.
            return;
        }

        // Seven keys (one lane idles), each batch giving a key 0 to 900 rows: some fewer than the window, some
        // across a recentering; prices with constant stretches longer than the window, so
        // constant windows (std 0, z-score null) occur.
        const int keys = 7;
        var one = new RollingMoments(kind, KernelPath.Scalar);
        var laneStates = Enumerable.Range(0, keys).Select(_ => new WindowState(window)).ToArray();
        var oneStates = Enumerable.Range(0, keys).Select(_ => new WindowState(window)).ToArray();
        var random = new Random(17);
        // Even keys near 1e6 on a cent grid; odd keys wander around 0 with full-precision steps, across binades,
        // so their sums round and the compensations carry bits.
        var prices = Enumerable.Range(0, keys).Select(k => k % 2 == 0 ? 1e6 + (k * 100) : 0.0).ToArray();
        for (var batch = 0; batch < 12; batch++)
        {
            var offsets = new int[keys + 1];
            for (var k = 0; k < keys; k++)
            {
                offsets[k + 1] = offsets[k] + (random.Next(4) == 0 ? random.Next(window + 1) : random.Next(901));
            }

            var x = new double[offsets[keys]];
            for (var k = 0; k < keys; k++)
            {
                for (var i = offsets[k]; i < offsets[k + 1];)
                {
                    var repeat = random.Next(40) == 0 ? window + random.Next(10) : 1;
                    var step = random.NextDouble() - 0.5;
                    prices[k] += k % 2 == 0 ? Math.Round(step, 2) : step / 64;
                    for (; repeat > 0 && i < offsets[k + 1]; repeat--, i++)
                    {
                        x[i] = prices[k];
                    }
                }
            }

            var y = new double[x.Length];
            var v = new byte[x.Length];
            lanes.RunLanes(laneStates, offsets, x, y, v);
            LaneChecks.ShouldEqualOneKeyAtATime($"{kind} batch {batch}", offsets, x, y, v, (k, rows, expected, expectedValid) => one.Run(oneStates[k], rows, default, expected, expectedValid));
        }
    }

    internal static double[] RandomWalk(int rows, double step, int seed)
    {
        var random = new Random(seed);
        var x = new double[rows];
        var price = 1e6;
        for (var i = 0; i < rows; i++)
        {
            // Box-Muller normal steps.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            price += normal * step;
            x[i] = price;
            (price >= 524288 && price < 1048576).ShouldBeTrue("the walk must stay in [2^19, 2^20)");
        }

        return x;
    }

    private static int[] Cuts(int rows, int size) => [.. Enumerable.Repeat(size, rows / size), .. rows % size == 0 ? Array.Empty<int>() : [rows % size]];

    private static int[] RandomCuts(int rows, int seed)
    {
        var random = new Random(seed);
        var cuts = new List<int>();
        for (var left = rows; left > 0;)
        {
            var n = Math.Min(left, random.Next(1, 700));
            cuts.Add(n);
            left -= n;
        }

        return [.. cuts];
    }

    private static (double[] Y, byte[] Valid) Run(MomentKind kind, KernelPath path, double[] x, byte[] valid, int[] cuts)
    {
        var kernel = new RollingMoments(kind, path);
        var state = new WindowState(30);
        var y = new double[x.Length];
        var v = new byte[x.Length];
        var start = 0;
        foreach (var n in cuts)
        {
            kernel.Run(state, x.AsSpan(start, n), valid.AsSpan(start, n), y.AsSpan(start, n), v.AsSpan(start, n));
            start += n;
        }

        return (y, v);
    }
}
