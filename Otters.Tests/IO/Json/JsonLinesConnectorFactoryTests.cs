using Otters.IO.Json;

namespace Otters.Tests.IO.Json;

public class JsonLinesConnectorFactoryTests
{
    private readonly JsonLinesConnectorFactory _factory = new();

    [Theory]
    [InlineData("ticks.jsonl")]
    [InlineData("logs/ticks.NDJSON")]
    public void TryCreate_JsonLinesPaths_ReturnSourceAndSink(string target)
    {
        _factory.TryCreateSource(target, null).ShouldBeOfType<JsonLinesSource>();
        _factory.TryCreateSink(target).ShouldBeOfType<JsonLinesSink>();
    }

    [Theory]
    [InlineData("ticks.json")]
    [InlineData("kafka://host:9092/ticks.jsonl")]
    public void TryCreate_OtherTargets_ReturnNull(string target)
    {
        _factory.TryCreateSource(target, null).ShouldBeNull();
        _factory.TryCreateSink(target).ShouldBeNull();
    }

    [Fact]
    public async Task ReadAsync_CancelledMidFile_StopsPromptly()
    {
        using var files = new JsonTestFiles();
        var path = files.Write(string.Concat(Enumerable.Repeat("{\"a\":1}\n", 200_000)));
        var schema = new Schema { { "a", ColumnType.Int64 } };
        using var cancellation = new CancellationTokenSource();
        var batches = 0;

        await Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new JsonLinesSource(path, schema).ReadAsync(new SourceContext(schema, batchSize: 100), cancellation.Token))
            {
                if (++batches == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        batches.ShouldBeLessThan(20);
    }
}
