using Otters.IO.Arrow;

namespace Otters.Tests.IO.Arrow;

public sealed class ArrowRoundTripTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("otters-arrow-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("out.arrow")]
    [InlineData("out.arrows")]
    public async Task Sink_ThenSource_ReturnsEveryCell(string name)
    {
        var path = Path.Combine(_directory, name);
        RecordBatch[] batches = [ArrowTestData.Ticks(1000), ArrowTestData.Ticks(0), ArrowTestData.Ticks(77, seed: 3), ArrowTestData.Ticks(1000).Slice(13, 500)];

        await ArrowTestData.WriteAsync(path, ArrowTestData.TickSchema, batches);
        var read = await ArrowTestData.ReadAllAsync(ArrowTestData.Source(path));

        read.Select(b => b.Length).ShouldBe(batches.Select(b => b.Length));
        ArrowTestData.Cells(read).ShouldBe(ArrowTestData.Cells(batches));
        read.ShouldAllBe(b => b.Schema.Equals(ArrowTestData.TickSchema));
    }

    [Theory]
    [InlineData("out.arrow")]
    [InlineData("out.arrows")]
    public async Task Sink_NoBatches_WritesAReadableEmptyFile(string name)
    {
        var path = Path.Combine(_directory, name);

        await ArrowTestData.WriteAsync(path, ArrowTestData.TickSchema);
        var source = ArrowTestData.Source(path);

        source.Schema.ShouldBe(ArrowTestData.TickSchema);
        (await ArrowTestData.ReadAllAsync(source)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(TimeUnit.Second)]
    [InlineData(TimeUnit.Millisecond)]
    [InlineData(TimeUnit.Nanosecond)]
    public async Task Sink_TimestampUnits_RoundTrip(TimeUnit unit)
    {
        var schema = new Schema { { "t", ColumnType.Timestamp(unit) } };
        var batch = new RecordBatch(schema, [PrimitiveColumn<long>.Create(ColumnType.Timestamp(unit), [long.MinValue, -1, 0, long.MaxValue], [false, true, false, false])]);
        var path = Path.Combine(_directory, "t.arrow");

        await ArrowTestData.WriteAsync(path, schema, batch);
        var read = await ArrowTestData.ReadAllAsync(new ArrowFileSource(path));

        read.Single().Schema.ShouldBe(schema);
        ArrowTestData.Cells(read).ShouldBe(ArrowTestData.Cells([batch]));
    }

    [Fact]
    public async Task FileSink_BeforeClose_LeavesNoFileAtTheTarget()
    {
        var path = Path.Combine(_directory, "pending.arrow");
        var sink = new ArrowFileSink(path);
        await sink.OpenAsync(ArrowTestData.TickSchema);
        await sink.WriteAsync(ArrowTestData.Ticks(10));

        File.Exists(path).ShouldBeFalse();
        await sink.CloseAsync();

        File.Exists(path).ShouldBeTrue();
        Directory.GetFiles(_directory).ShouldBe([path]);
    }

    [Fact]
    public async Task FileSink_ClosedWithoutOpen_DoesNothing()
    {
        var sink = new ArrowFileSink(Path.Combine(_directory, "never.arrow"));

        await sink.CloseAsync();

        Directory.GetFiles(_directory).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("cancelled.arrow")]
    [InlineData("cancelled.arrows")]
    public async Task CloseAsync_CancelledToken_StillFinishesTheFile(string name)
    {
        var path = Path.Combine(_directory, name);
        var sink = ArrowTestData.Sink(path);
        await sink.OpenAsync(ArrowTestData.TickSchema);
        await sink.WriteAsync(ArrowTestData.Ticks(10));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await sink.CloseAsync(cancelled.Token);

        (await ArrowTestData.ReadAllAsync(ArrowTestData.Source(path))).Sum(b => b.Length).ShouldBe(10);
    }
}
