using Otters.IO.Arrow;

namespace Otters.Tests.IO.Arrow;

public class ArrowConnectorFactoryTests
{
    private readonly ArrowConnectorFactory _factory = new();

    [Theory]
    [InlineData("data/ticks.arrow", typeof(ArrowFileSource), typeof(ArrowFileSink))]
    [InlineData("TICKS.ARROW", typeof(ArrowFileSource), typeof(ArrowFileSink))]
    [InlineData("ticks.arrows", typeof(ArrowStreamSource), typeof(ArrowStreamSink))]
    public void TryCreate_ArrowPaths_ReturnTheMatchingConnector(string target, Type source, Type sink)
    {
        _factory.TryCreateSource(target, null).ShouldBeOfType(source);
        _factory.TryCreateSink(target).ShouldBeOfType(sink);
    }

    [Theory]
    [InlineData("ticks.csv")]
    [InlineData("ticks.arrow.bak")]
    [InlineData("kafka://host:9092/ticks.arrow")]
    public void TryCreate_OtherTargets_ReturnNull(string target)
    {
        _factory.TryCreateSource(target, null).ShouldBeNull();
        _factory.TryCreateSink(target).ShouldBeNull();
    }

    [Fact]
    public async Task ReadAsync_CancelledToken_StopsPromptly()
    {
        var source = new ArrowStreamSource(ArrowFixtures.Path("ticks.arrows"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in source.ReadAsync(new SourceContext(source.Schema), cancelled.Token))
            {
            }
        });
    }
}
