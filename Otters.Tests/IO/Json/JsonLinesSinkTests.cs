using Otters.IO.Json;
using Otters.Tests.IO.Arrow;

namespace Otters.Tests.IO.Json;

public sealed class JsonLinesSinkTests : IDisposable
{
    private readonly JsonTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static async Task WriteAsync(string path, Schema schema, params RecordBatch[] batches)
    {
        var sink = new JsonLinesSink(path);
        await sink.OpenAsync(schema);
        foreach (var batch in batches)
        {
            await sink.WriteAsync(batch);
        }

        await sink.CloseAsync();
    }

    [Fact]
    public async Task WriteAsync_Row_WritesOneObjectPerLineWithIsoTimestamps()
    {
        var schema = ArrowTestData.TickSchema;
        var builder = new RecordBatchBuilder(schema, 2);
        builder.Append(new Dictionary<string, object?>
        {
            ["symbol"] = "é\"x", ["price"] = 1.5, ["volume"] = 9007199254740993L,
            ["ts"] = 1709303400000001L, ["level"] = 3, ["buy"] = true,
        });
        builder.Append(new Dictionary<string, object?> { ["price"] = double.NaN });
        var path = _files.PathOf("out.ndjson");

        await WriteAsync(path, schema, builder.Build());

        (await File.ReadAllTextAsync(path)).ShouldBe(
            "{\"symbol\":\"é\\\"x\",\"price\":1.5,\"volume\":9007199254740993,\"ts\":\"2024-03-01T14:30:00.000001Z\",\"level\":3,\"buy\":true}\n" +
            "{\"symbol\":null,\"price\":\"NaN\",\"volume\":null,\"ts\":null,\"level\":null,\"buy\":null}\n");
    }

    [Fact]
    public async Task WriteThenRead_EveryCell_RoundTrips()
    {
        var schema = ArrowTestData.TickSchema;
        RecordBatch[] batches = [ArrowTestData.Ticks(5000), ArrowTestData.Ticks(0), ArrowTestData.Ticks(33, seed: 4)];
        var path = _files.PathOf("out.jsonl");

        await WriteAsync(path, schema, batches);
        var source = new JsonLinesSource(path, schema);
        var read = new List<RecordBatch>();
        await foreach (var batch in source.ReadAsync(new SourceContext(schema, "test", 700)))
        {
            read.Add(batch);
        }

        ArrowTestData.Cells(read).ShouldBe(ArrowTestData.Cells(batches));
    }

    [Fact]
    public async Task WriteThenRead_NonFiniteDoublesAndExtremeTimestamps_RoundTrip()
    {
        var schema = new Schema { { "d", ColumnType.Float64 }, { "t", ColumnType.Timestamp(TimeUnit.Second) } };
        var batch = new RecordBatch(schema,
        [
            PrimitiveColumn<double>.Create(ColumnType.Float64, [double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon]),
            PrimitiveColumn<long>.Create(ColumnType.Timestamp(TimeUnit.Second), [long.MaxValue, long.MinValue, 0, -1]),
        ]);
        var path = _files.PathOf("edge.jsonl");

        await WriteAsync(path, schema, batch);
        var read = new List<RecordBatch>();
        await foreach (var b in new JsonLinesSource(path, schema).ReadAsync(new SourceContext(schema)))
        {
            read.Add(b);
        }

        ArrowTestData.Cells(read).ShouldBe(ArrowTestData.Cells([batch]));
    }
}
