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
    public async Task WriteAsync_IntegralAndPowerOfTwoDoubles_ReadBackAsTheSameFloats()
    {
        // 203 must come back as a float column from a reader that guesses types, and 2^-25 as itself: .NET's own
        // shortest text for it parses back to the double below.
        var schema = new Schema { { "d", ColumnType.Float64 } };
        double[] values = [203, -4, Math.ScaleB(1, -25), 0.1, 1e21];
        var path = _files.PathOf("floats.jsonl");

        await WriteAsync(path, schema, new RecordBatch(schema, [PrimitiveColumn<double>.Create(ColumnType.Float64, values)]));

        var lines = await File.ReadAllLinesAsync(path);
        lines[0].ShouldBe("{\"d\":203.0}");
        lines[1].ShouldBe("{\"d\":-4.0}");
        var source = new JsonLinesSource(path);
        source.Schema["d"].Type.ShouldBe(ColumnType.Float64);
        var read = new List<double>();
        await foreach (var batch in source.ReadAsync(new SourceContext(source.Schema)))
        {
            read.AddRange(((PrimitiveColumn<double>)batch.Column(0)).Values.ToArray());
        }

        read.Select(BitConverter.DoubleToInt64Bits).ShouldBe(values.Select(BitConverter.DoubleToInt64Bits));
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
