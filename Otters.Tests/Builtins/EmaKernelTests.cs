using Otters.Kernels;

namespace Otters.Tests.Builtins;

public sealed class EmaKernelTests
{
    [Theory]
    [InlineData(1, 20)]
    [InlineData(3, 2)]
    [InlineData(11, 20)]
    [InlineData(20, 20)]
    [InlineData(200, 5)]
    public void RunLanes_KeysOverUnevenBatches_SameBitsAsOneKeyAtATime(int keys, int span)
    {
        var lanes = new EmaKernel(span, KernelPath.Vector256);
        if (!lanes.CanRunLanes)
        {
            // No AVX on this machine: the lanes never run.
            return;
        }

        // One key (the scalar kernel finishes a lone lane), fewer keys than lanes (idle lanes), and more (lanes
        // take the next key as one ends); each batch gives a key 0 to 900 rows, often 0 to 5 (a key's first row
        // alone, fewer rows than one four-row round), so keys start in later batches and states carry over.
        // Prices often repeat, so a key's first value is often followed by itself, where the average equals the
        // value and is kept (recomputed, it would often differ).
        var one = new EmaKernel(span, KernelPath.Scalar);
        var laneStates = Enumerable.Range(0, keys).Select(_ => new EmaState()).ToArray();
        var oneStates = Enumerable.Range(0, keys).Select(_ => new EmaState()).ToArray();
        var random = new Random(23);
        var prices = Enumerable.Range(0, keys).Select(k => 100.0 + k).ToArray();
        for (var batch = 0; batch < 15; batch++)
        {
            var offsets = new int[keys + 1];
            for (var k = 0; k < keys; k++)
            {
                offsets[k + 1] = offsets[k] + (random.Next(3) == 0 ? random.Next(6) : random.Next(901));
            }

            var x = new double[offsets[keys]];
            for (var i = 0; i < x.Length; i++)
            {
                var k = Array.FindLastIndex(offsets, o => o <= i);
                prices[k] += random.Next(3) == 0 ? 0 : random.NextDouble() - 0.5;
                x[i] = prices[k];
            }

            var y = new double[x.Length];
            var v = new byte[x.Length];
            lanes.RunLanes(laneStates, offsets, x, y, v);
            LaneChecks.ShouldEqualOneKeyAtATime($"batch {batch}", offsets, x, y, v, (k, rows, expected, expectedValid) => one.Run(oneStates[k], rows, default, expected, expectedValid));
            for (var k = 0; k < keys; k++)
            {
                laneStates[k].HasValue.ShouldBe(oneStates[k].HasValue, $"batch {batch} key {k} state");
                BitConverter.DoubleToInt64Bits(laneStates[k].Weighted).ShouldBe(BitConverter.DoubleToInt64Bits(oneStates[k].Weighted), $"batch {batch} key {k} state");
            }
        }
    }

    [Fact]
    public void RunLanes_ScalarPath_Throws()
    {
        var kernel = new EmaKernel(20, KernelPath.Scalar);
        kernel.CanRunLanes.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => kernel.RunLanes([new EmaState()], [0, 1], [1.0], new double[1], new byte[1]));
    }
}
