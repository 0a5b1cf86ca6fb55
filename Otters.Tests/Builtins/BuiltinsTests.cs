using System.Reflection;

namespace Otters.Tests.Builtins;

public sealed class BuiltinsTests
{
    public static TheoryData<string, Type, string> Stages => new()
    {
        { "rolling_mean", typeof(RollingMeanStage), "rolling_mean" },
        { "rolling_std", typeof(RollingStdStage), "rolling_std" },
        { "zscore", typeof(ZScoreStage), "zscore" },
        { "ema", typeof(EmaStage), "ema" },
        { "vwap", typeof(VwapStage), "vwap" },
        { "lag", typeof(LagStage), "lag" },
        { "pct_change", typeof(PctChangeStage), "pct_change" },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public void Factory_Defaults_NameStageAndOutputInSnakeCase(string name, Type type, string output)
    {
        BatchStage stage = name switch
        {
            "rolling_mean" => Otters.Builtins.RollingMean("price", 3),
            "rolling_std" => Otters.Builtins.RollingStd("price", 3),
            "zscore" => Otters.Builtins.ZScore("price", 3),
            "ema" => Otters.Builtins.Ema("price", 3),
            "vwap" => Otters.Builtins.Vwap("price", "volume", 3),
            "lag" => Otters.Builtins.Lag("price"),
            _ => Otters.Builtins.PctChange("price"),
        };
        stage.ShouldBeOfType(type);
        stage.Name.ShouldBe(name);
        type.GetCustomAttribute<StageAttribute>()!.Name.ShouldBe(name);
        stage.Bind(Ticks.Schema)[^1].ShouldBe(new Field(output, ColumnType.Float64));
    }

    [Fact]
    public void Threshold_FlagAs_NamesBooleanColumn()
    {
        var stage = Otters.Builtins.Threshold("price", 1, "spike", by: "symbol");
        stage.Name.ShouldBe("threshold");
        stage.Bind(Ticks.Schema)[^1].ShouldBe(new Field("spike", ColumnType.Boolean));
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void Constructor_ParameterNames_MatchFactoryForConfiguration(string name, Type type, string output)
    {
        _ = output;
        var factory = typeof(Otters.Builtins).GetMethods().Single(m => m.ReturnType == type);
        var constructor = type.GetConstructors().Single();
        constructor.GetParameters().Select(p => (p.Name, p.ParameterType)).ShouldBe(factory.GetParameters().Select(p => (p.Name, p.ParameterType)), name);
    }

    [Fact]
    public void Bind_FloatKey_ThrowsNamingStageAndColumn()
    {
        var error = Should.Throw<SchemaException>(() => Otters.Builtins.RollingMean("volume", 3, by: "price").Bind(Ticks.Schema));
        error.Message.ShouldContain("'rolling_mean'");
        error.Message.ShouldContain("'price'");
    }

    [Fact]
    public void Process_Int64KeyAndStringKey_SameResults()
    {
        var ticks = Ticks.Instance;
        var schema = new Schema { { "symbol", ColumnType.String }, { "id", ColumnType.Int64 }, { "price", ColumnType.Float64 } };
        var ids = ticks.Symbol.Select(s => s is null ? (long?)null : s.GetHashCode(StringComparison.Ordinal)).ToArray();
        var builder = new RecordBatchBuilder(schema, ticks.Length);
        for (var i = 0; i < ticks.Length; i++)
        {
            builder.Append(new Dictionary<string, object?> { ["symbol"] = ticks.Symbol[i], ["id"] = ids[i], ["price"] = ticks.Price[i] });
        }

        var batch = builder.Build();
        var byString = StageRunner.Run(Otters.Builtins.ZScore("price", 10, by: "symbol"), [batch], "zscore");
        var byId = StageRunner.Run(Otters.Builtins.ZScore("price", 10, by: "id"), [batch], "zscore");
        StageRunner.ShouldBeBitIdentical(byId, byString, "int64 key");
    }
}
