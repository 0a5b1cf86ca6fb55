using Otters.Kernels;

namespace Otters.Tests.Builtins;

/// <summary>
/// Contract tests every builtin stage passes: pandas' golden output globally and per symbol under any
/// batch cuts, bit-identical results for any cuts and any kernel path, and schema errors that name the
/// stage and the column. One subclass per stage.
/// </summary>
public abstract class BuiltinStageTests
{
    private protected static readonly int[] s_cuts = [1, 7, 1024, 0];

    /// <summary>Gets the golden column and the relative tolerance against pandas (0 = exactly equal).</summary>
    private protected abstract (string Column, double Tolerance) Golden { get; }

    /// <summary>Gets the name of the column the stage adds.</summary>
    private protected abstract string Output { get; }

    /// <summary>Gets the golden parameters' stage, reading the tick set's price (and volume).</summary>
    private protected abstract BatchStage Create(string? by, KernelPath path);

    /// <summary>Gets the stage reading <paramref name="on"/>, for schema errors.</summary>
    private protected abstract BatchStage CreateOn(string on, string? output = null);

    [Theory]
    [MemberData(nameof(StageRunner.GoldenCases), MemberType = typeof(StageRunner))]
    public void Process_GoldenTicks_MatchesPandas(bool bySymbol, int batchSize)
    {
        var stage = Create(bySymbol ? "symbol" : null, KernelPath.Auto);
        var actual = StageRunner.Run(stage, Ticks.Instance.Batches(batchSize), Output);
        StageRunner.ShouldMatchPandas(actual, Ticks.Expected(bySymbol, Golden.Column), Golden.Tolerance, $"{Golden.Column} by={bySymbol} batch={batchSize}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Process_AnyBatchCuts_BitIdentical(bool bySymbol)
    {
        var by = bySymbol ? "symbol" : null;
        var whole = StageRunner.Run(Create(by, KernelPath.Auto), Ticks.Instance.Batches(Ticks.Instance.Length), Output);
        foreach (var size in s_cuts)
        {
            foreach (var seed in new[] { 1, 2, 3 })
            {
                var cut = StageRunner.Run(Create(by, KernelPath.Auto), Ticks.Instance.Batches(size, seed), Output);
                StageRunner.ShouldBeBitIdentical(cut, whole, $"batch size {size} seed {seed}");
            }
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1000)]
    public void Process_KeysArrivingInRuns_SameBitsAsInterleaved(int batchSize)
    {
        // Sorted by symbol, most batches hold one or two keys in runs and run in place, without gathering.
        var interleaved = StageRunner.Run(Create("symbol", KernelPath.Auto), Ticks.Instance.Batches(0), Output);
        var order = Ticks.Instance.OrderBySymbol();
        var runs = StageRunner.Run(Create("symbol", KernelPath.Auto), Ticks.Instance.Batches(order, batchSize), Output);
        StageRunner.ShouldBeBitIdentical(runs, [.. order.Select(i => interleaved[i])], $"keys in runs, batch size {batchSize}");
    }

    [Theory]
    [InlineData("Scalar", false)]
    [InlineData("Vector128", false)]
    [InlineData("Vector256", false)]
    [InlineData("Scalar", true)]
    [InlineData("Vector128", true)]
    [InlineData("Vector256", true)]
    public void Process_EveryKernelPath_BitIdenticalToAuto(string pathName, bool bySymbol)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        var by = bySymbol ? "symbol" : null;
        var auto = StageRunner.Run(Create(by, KernelPath.Auto), Ticks.Instance.Batches(0), Output);
        var pinned = StageRunner.Run(Create(by, path), Ticks.Instance.Batches(0), Output);
        StageRunner.ShouldBeBitIdentical(pinned, auto, path.ToString());
    }

    [Fact]
    public void Bind_MissingColumn_ThrowsNamingStageAndColumn()
    {
        var stage = CreateOn("bid");
        var error = Should.Throw<SchemaException>(() => stage.Bind(Ticks.Schema));
        error.Message.ShouldContain($"'{stage.Name}'");
        error.Message.ShouldContain("'bid'");
    }

    [Fact]
    public void Bind_StringColumn_ThrowsNotNumeric()
    {
        var stage = CreateOn("symbol");
        var error = Should.Throw<SchemaException>(() => stage.Bind(Ticks.Schema));
        error.Message.ShouldContain($"'{stage.Name}'");
        error.Message.ShouldContain("'symbol'");
    }

    [Fact]
    public void Bind_OutputAlreadyInInput_ThrowsNamingStageAndColumn()
    {
        var stage = CreateOn("price", output: "volume");
        var error = Should.Throw<SchemaException>(() => stage.Bind(Ticks.Schema));
        error.Message.ShouldBe($"Stage '{stage.Name}' writes column 'volume', which its input already has; give the stage another output name.");
    }

    [Fact]
    public void Bind_MissingKeyColumn_ThrowsNamingStageAndColumn()
    {
        var stage = Create("ticker", KernelPath.Auto);
        var error = Should.Throw<SchemaException>(() => stage.Bind(Ticks.Schema));
        error.Message.ShouldContain("'ticker'");
    }

    [Fact]
    public void Bind_TwoStagesWritingOneColumn_SecondThrows()
    {
        var first = Create(null, KernelPath.Auto);
        var second = Create("symbol", KernelPath.Auto);
        var schema = first.Bind(Ticks.Schema);
        Should.Throw<SchemaException>(() => second.Bind(schema)).Message.ShouldContain($"'{Output}'");
    }

    [Fact]
    public void Bind_Input_AppendsOutputColumn()
    {
        var schema = Create(null, KernelPath.Auto).Bind(Ticks.Schema);
        schema.Count.ShouldBe(Ticks.Schema.Count + 1);
        schema[^1].Name.ShouldBe(Output);
    }
}
