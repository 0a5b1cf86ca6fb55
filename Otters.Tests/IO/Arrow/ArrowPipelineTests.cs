using System.Text.Json;

namespace Otters.Tests.IO.Arrow;

public sealed class ArrowPipelineTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("otters-arrow-pipe-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("ticks.arrow", "out.arrows")]
    [InlineData("ticks.arrows", "out.arrow")]
    public async Task Pipeline_WithoutSchema_TakesTheArrowSchemaAndCopiesEveryCell(string input, string output)
    {
        var inPath = ArrowFixtures.Path(input);
        var outPath = Path.Combine(_directory, output);
        var p = new Pipeline();
        p.Source(inPath);
        p.Sink(outPath);

        await p.RunAsync().WaitAsync(s_timeout);

        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(inPath + ".expected.json"));
        var read = await ArrowTestData.ReadAllAsync(ArrowTestData.Source(outPath));
        read[0].Schema.ShouldBe(ArrowTestData.TickSchema);
        ArrowTestData.Cells(read).ShouldBe(ArrowTestData.Cells(expected.RootElement, ArrowTestData.TickSchema));
    }

    [Fact]
    public async Task Pipeline_DeclaredSchemaDiffers_ThrowsSchemaExceptionNamingBoth()
    {
        var p = new Pipeline(new Schema { { "symbol", ColumnType.String } });

        var ex = await Should.ThrowAsync<SchemaException>(async () =>
        {
            p.Source(ArrowFixtures.Path("ticks.arrow"));
            p.Sink(Path.Combine(_directory, "never.arrows"));
            await p.RunAsync().WaitAsync(s_timeout);
        });

        ex.Message.ShouldContain("symbol: string)");
        ex.Message.ShouldContain("ticks.arrow");
        ex.Message.ShouldContain("ts: timestamp[us]");
    }

    [Fact]
    public async Task Pipeline_ArrowToJsonLines_WritesIsoTimestampsAndNulls()
    {
        var outPath = Path.Combine(_directory, "out.jsonl");
        var p = new Pipeline();
        p.Source(ArrowFixtures.Path("ticks.arrows"));
        p.Sink(outPath);

        await p.RunAsync().WaitAsync(s_timeout);

        var lines = await File.ReadAllLinesAsync(outPath);
        lines.Length.ShouldBe(10);
        lines[0].ShouldBe("{\"symbol\":\"AAPL\",\"price\":189.25,\"volume\":100,\"ts\":\"2024-03-01T14:30:00.000001Z\",\"level\":1,\"buy\":true}");
        lines[6].ShouldBe("{\"symbol\":null,\"price\":null,\"volume\":null,\"ts\":null,\"level\":null,\"buy\":null}");
    }
}
