namespace Otters.Tests.Builtins;

/// <summary>Runs a stage over batches (Bind, then Process in order) and collects its added column.</summary>
internal static class StageRunner
{
    public static object?[] Run(BatchStage stage, IEnumerable<RecordBatch> batches, string output)
    {
        var result = new List<object?>();
        Schema? bound = null;
        foreach (var batch in batches)
        {
            bound ??= stage.Bind(batch.Schema);
            var processed = stage.Process(batch);
            processed.Schema.ShouldBe(bound);
            var column = processed.Column(output);
            for (var i = 0; i < column.Length; i++)
            {
                result.Add(column.GetValue(i));
            }
        }

        return [.. result];
    }

    /// <summary>Asserts two runs are identical bit for bit (nulls in the same rows, doubles with equal bits).</summary>
    public static void ShouldBeBitIdentical(object?[] actual, object?[] expected, string what)
    {
        actual.Length.ShouldBe(expected.Length, what);
        for (var i = 0; i < actual.Length; i++)
        {
            var same = (actual[i], expected[i]) switch
            {
                (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
                var (a, b) => Equals(a, b),
            };
            same.ShouldBeTrue($"{what}: row {i} is {actual[i] ?? "null"} but {expected[i] ?? "null"} was expected");
        }
    }

    /// <summary>Asserts a run equals pandas' cells: null where empty, else within the relative tolerance (0 = exact).</summary>
    public static double ShouldMatchPandas(object?[] actual, string[] expected, double tolerance, string what)
    {
        actual.Length.ShouldBe(expected.Length, what);
        var worst = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (expected[i].Length == 0)
            {
                actual[i].ShouldBeNull($"{what}: row {i} should be null but is {actual[i]}");
                continue;
            }

            actual[i].ShouldNotBeNull($"{what}: row {i} should be {expected[i]} but is null");
            if (expected[i] is "true" or "false")
            {
                actual[i].ShouldBe(expected[i] == "true", $"{what}: row {i}");
                continue;
            }

            var e = Ticks.ParseDouble(expected[i]);
            var a = Convert.ToDouble(actual[i], System.Globalization.CultureInfo.InvariantCulture);
            if (tolerance == 0 || double.IsInfinity(e))
            {
                a.ShouldBe(e, $"{what}: row {i}");
                continue;
            }

            var error = Math.Abs(a - e) / Math.Max(1, Math.Abs(e));
            worst = Math.Max(worst, error);
            error.ShouldBeLessThanOrEqualTo(tolerance, $"{what}: row {i} is {a:R}, pandas says {e:R}");
        }

        return worst;
    }

    public static TheoryData<bool, int> GoldenCases()
    {
        var data = new TheoryData<bool, int>();
        foreach (var keyed in new[] { false, true })
        {
            foreach (var size in new[] { 1, 7, 1024, 0 })
            {
                data.Add(keyed, size);
            }
        }

        return data;
    }
}
