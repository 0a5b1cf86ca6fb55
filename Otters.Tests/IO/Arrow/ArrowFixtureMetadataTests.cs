using Otters.IO.Arrow;

namespace Otters.Tests.IO.Arrow;

public class ArrowFixtureMetadataTests
{
    [Fact]
    public async Task ApacheArrowFixture_StreamMessagesDecode()
    {
        var bytes = await File.ReadAllBytesAsync(ArrowFixtures.Path("ticks.arrows"));
        var reader = new ArrowIpcReader(new MemoryStream(bytes), 0, bytes.Length);

        var schema = await reader.ReadMessageAsync(default);
        schema!.Schema!.Select(f => (f.Name, f.Type)).ShouldBe(
        [
            ("symbol", ArrowType.Utf8),
            ("price", ArrowType.Float64),
            ("volume", ArrowType.SignedInt(64)),
            ("ts", ArrowType.Timestamp(ArrowTimeUnit.Microsecond, "UTC")),
            ("level", ArrowType.SignedInt(32)),
            ("buy", ArrowType.Bool),
        ]);
        var lengths = new List<long>();
        while (await reader.ReadMessageAsync(default) is { Type: ArrowMessageType.RecordBatch } batch)
        {
            lengths.Add(batch.RecordBatch!.Length);
            batch.RecordBatch.Nodes.Length.ShouldBe(6);
            batch.RecordBatch.Buffers.Length.ShouldBe(13);
        }

        lengths.ShouldBe([6L, 4L]);
    }

    [Fact]
    public async Task ApacheArrowFixture_FileFooterLocatesBatches()
    {
        // apache-arrow's file writer puts no schema message before the batches: the footer is the
        // only schema, so file readers must start from it.
        await using var stream = File.OpenRead(ArrowFixtures.Path("ticks.arrow"));

        var footer = await ArrowFileTrailer.ReadFooterAsync(stream, stream.Length, default);

        footer.Schema.Count.ShouldBe(6);
        footer.RecordBatches.Length.ShouldBe(2);
        var reader = new ArrowIpcReader(stream, 0, stream.Length);
        var lengths = new List<long>();
        foreach (var block in footer.RecordBatches)
        {
            reader.Seek(block.Offset);
            lengths.Add((await reader.ReadMessageAsync(default))!.RecordBatch!.Length);
        }

        lengths.ShouldBe([6L, 4L]);
    }

    [Fact]
    public async Task ApacheArrowFixture_NaiveTimestampAndFloat32_Decode()
    {
        var bytes = await File.ReadAllBytesAsync(ArrowFixtures.Path("ticks_float32_naive_ms.arrows"));
        var reader = new ArrowIpcReader(new MemoryStream(bytes), 0, bytes.Length);

        var schema = (await reader.ReadMessageAsync(default))!.Schema!;

        schema[1].Type.ShouldBe(ArrowType.Float32);
        schema[3].Type.ShouldBe(ArrowType.Timestamp(ArrowTimeUnit.Millisecond, null));
    }
}
