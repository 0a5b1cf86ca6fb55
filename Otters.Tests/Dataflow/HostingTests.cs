using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Otters.Tests.Support;

namespace Otters.Tests.Dataflow;

public sealed class HostingTests
{
    public sealed class PriceLimits
    {
        public double Max { get; set; } = 150;
    }

    [Stage("cap_price")]
    public sealed class CapPriceStage(PriceLimits limits, double floor = 0) : RowStage
    {
        public override Schema? Adds => new() { { "capped", ColumnType.Float64 } };

        public override Row? Process(Row row)
        {
            row["capped"] = Math.Clamp(row.Get<double>("price"), floor, limits.Max);
            return row;
        }
    }

    [Fact]
    public async Task AddOtters_NamedPipelineWithStageByName_BuildsStageThroughDI()
    {
        var sink = new MemorySink();
        var services = new ServiceCollection();
        services.AddSingleton(new PriceLimits { Max = 110 });
        services.AddOtters(o => o
            .AddStages(typeof(HostingTests).Assembly)
            .AddPipeline("ticks", TestData.Ticks(), (_, p) =>
            {
                p.Source(TestData.TickRows(20));
                p.Stage("cap_price", new Dictionary<string, object?> { ["floor"] = "105" });
                p.Sink(sink);
            }));
        services.AddOtters();
        await using var provider = services.BuildServiceProvider();

        var pipeline = provider.GetRequiredKeyedService<Pipeline>("ticks");
        await pipeline.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        sink.Column<double>("capped").ShouldBe(Enumerable.Range(0, 20).Select(i => Math.Clamp(100.0 + i, 105, 110)));
        pipeline.Options.Name.ShouldBe("ticks");
    }

    [Fact]
    public void Stage_UnknownName_ListsKnownStages()
    {
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(1));

        var ex = Should.Throw<ArgumentException>(() => p.Stage("no_such_stage"));
        ex.Message.ShouldContain("'no_such_stage'");
        ex.Message.ShouldContain("reads_column");
    }

    [Fact]
    public void Stage_UnknownParameter_NamesIt()
    {
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(1));

        Should.Throw<ArgumentException>(() => p.Stage("reads_column", new Dictionary<string, object?> { ["column"] = "price", ["colour"] = "red" }))
            .Message.ShouldContain("'colour'");
    }

    [Fact]
    public async Task AddHostedPipeline_RunsInsideTheHostAndStopsWithIt()
    {
        var sink = new MemorySink();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOtters(o => o.AddHostedPipeline("live", TestData.Ticks(), (_, p) =>
        {
            p.Source(Endless);
            p.Sink(sink);
        }, options => options.BatchSize = 10));
        using var host = builder.Build();

        await host.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (sink.RowCount < 100 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        sink.RowCount.ShouldBeGreaterThanOrEqualTo(100);
        sink.IsClosed.ShouldBeTrue();

        static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Endless([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token = default)
        {
            while (true)
            {
                foreach (var row in TestData.TickRows(10))
                {
                    yield return row;
                }

                await Task.Delay(5, token);
            }
        }
    }
}
