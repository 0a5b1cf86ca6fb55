using System.Text;
using Otters.IO.Json;
using Otters.Tests.IO.Arrow;

namespace Otters.Tests.IO.Json;

public sealed class JsonLinesSourceTests : IDisposable
{
    private static readonly Schema s_schema = new()
    {
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "volume", ColumnType.Int64 },
        { "ts", ColumnType.Timestamp(TimeUnit.Microsecond) },
        { "level", ColumnType.Int32 },
        { "buy", ColumnType.Boolean },
    };

    private readonly JsonTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static async Task<(List<string[]> Rows, SourceContext Context, List<BadRecord> Dead)> ReadAsync(
        string path, Schema? schema = null, BadRecordPolicy policy = BadRecordPolicy.Fail, int batchSize = 1024)
    {
        var source = new JsonLinesSource(path, schema);
        var dead = new List<BadRecord>();
        var context = new SourceContext(schema ?? source.Schema, "test", batchSize, onBadRecord: policy,
            deadLetter: (r, _) => { dead.Add(r); return ValueTask.CompletedTask; });
        var batches = new List<RecordBatch>();
        await foreach (var batch in source.ReadAsync(context))
        {
            batch.Length.ShouldBeLessThanOrEqualTo(batchSize);
            batches.Add(batch);
        }

        return (ArrowTestData.Cells(batches), context, dead);
    }

    [Fact]
    public async Task ReadAsync_TypedLines_ParsesEveryType()
    {
        var path = _files.Write(
            """
            {"symbol":"AAPL","price":189.25,"volume":9007199254740993,"ts":"2024-03-01T14:30:00.000001Z","level":-5,"buy":true}
            {"buy":false,"level":2147483647,"ts":1709303400250000,"volume":-7,"price":3,"symbol":"caf\u00e9 \"q\""}

            """);

        var (rows, _, _) = await ReadAsync(path, s_schema);

        rows.ShouldBe(
        [
            ["\"AAPL\"", "189.25", "9007199254740993", "1709303400000001", "-5", "true"],
            ["\"caf\\u00E9 \\u0022q\\u0022\"", "3", "-7", "1709303400250000", "2147483647", "false"],
        ]);
    }

    [Fact]
    public async Task ReadAsync_NullsAndMissingFields_AreNulls()
    {
        var path = _files.Write("{\"symbol\":null,\"price\":null}\n{}\n{\"volume\":1,\"extra\":{\"a\":[1,2]},\"more\":[1]}\n");

        var (rows, _, _) = await ReadAsync(path, s_schema);

        rows.ShouldBe(
        [
            ["null", "null", "null", "null", "null", "null"],
            ["null", "null", "null", "null", "null", "null"],
            ["null", "null", "1", "null", "null", "null"],
        ]);
    }

    [Fact]
    public async Task ReadAsync_CrLfBomBlankLinesAndNoFinalNewline_AreHandled()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"volume\":1}\r\n\r\n   \n{\"volume\":2}")).ToArray();
        var path = _files.WriteBytes(bytes);

        var (rows, _, _) = await ReadAsync(path, s_schema);

        rows.Select(r => r[2]).ShouldBe(["1", "2"]);
    }

    [Fact]
    public async Task ReadAsync_NestedValuesAndNumbersInStringColumn_KeepTheirJsonText()
    {
        var path = _files.Write("{\"symbol\":{\"a\": [1, \"x\"]}}\n{\"symbol\":12.50}\n{\"symbol\":true}\n");

        var (rows, _, _) = await ReadAsync(path, s_schema);

        rows.Select(r => r[0]).ShouldBe(["\"{\\u0022a\\u0022: [1, \\u0022x\\u0022]}\"", "\"12.50\"", "\"true\""]);
    }

    [Fact]
    public async Task ReadAsync_ManyLinesAcrossChunks_StreamsInBatches()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Append("{\"symbol\":\"").Append(new string('x', i % 50)).Append("\",\"volume\":").Append(i).Append("}\n");
        }

        var path = _files.Write(text.ToString());

        var (rows, _, _) = await ReadAsync(path, s_schema, batchSize: 1000);

        rows.Count.ShouldBe(20_000);
        rows.Select(r => long.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(Enumerable.Range(0, 20_000).Select(i => (long)i));
        rows[12345][0].Length.ShouldBe((12345 % 50) + 2);
    }

    [Fact]
    public async Task ReadAsync_LineLongerThanChunk_IsRead()
    {
        var path = _files.Write($"{{\"symbol\":\"{new string('x', 200_000)}\"}}\n{{\"volume\":3}}\n");

        var (rows, _, _) = await ReadAsync(path, s_schema);

        rows[0][0].Length.ShouldBe(200_002);
        rows[1][2].ShouldBe("3");
    }

    private const string BadFile =
        "{\"volume\":1,\"symbol\":\"a\"}\n" +
        "{\"volume\":\"two\"}\n" +
        "{\"volume\":3,\"symbol\":\"c\"\n" +
        "[1,2]\n" +
        "{\"symbol\":\"e\",\"volume\":1.5}\n" +
        "{\"volume\":6,\"volume\":7}\n" +
        "{\"ts\":\"yesterday\"}\n" +
        "{\"level\":3000000000}\n" +
        "{\"buy\":1}\n" +
        "{} {}\n" +
        "{\"volume\":11,\"symbol\":\"k\"}\n";

    [Fact]
    public async Task ReadAsync_BadLineUnderFail_ThrowsNamingFileAndLine()
    {
        var path = _files.Write(BadFile);

        var ex = await Should.ThrowAsync<BadRecordException>(() => ReadAsync(path, s_schema));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("line 2");
        ex.Message.ShouldContain("volume");
        ex.Record!.Raw.ShouldBe("{\"volume\":\"two\"}");
    }

    [Fact]
    public async Task ReadAsync_BadLinesUnderSkip_KeepsGoodRowsIntact()
    {
        var path = _files.Write(BadFile);

        var (rows, context, dead) = await ReadAsync(path, s_schema, BadRecordPolicy.Skip);

        rows.Select(r => (r[0], r[2])).ShouldBe([("\"a\"", "1"), ("\"k\"", "11")]);
        context.BadRecords.ShouldBe(9);
        dead.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadAsync_BadLinesUnderDeadLetter_SendsFileLineErrorAndRawLine()
    {
        var path = _files.Write(BadFile);

        var (rows, _, dead) = await ReadAsync(path, s_schema, BadRecordPolicy.DeadLetter);

        rows.Count.ShouldBe(2);
        dead.Select(d => d.Location).ShouldBe(new[] { 2, 3, 4, 5, 6, 7, 8, 9, 10 }.Select(n => $"line {n}"));
        dead.ShouldAllBe(d => d.Source == path && d.Error.Length > 0);
        dead[0].Raw.ShouldBe("{\"volume\":\"two\"}");
        dead[4].Error.ShouldContain("appears twice");
        dead[5].Error.ShouldContain("yesterday");
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8_IsABadLine()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"symbol\":\"ok\"}\n{\"symbol\":\"").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        var path = _files.WriteBytes(bytes);

        var (rows, context, _) = await ReadAsync(path, s_schema, BadRecordPolicy.Skip);

        rows.Count.ShouldBe(1);
        context.BadRecords.ShouldBe(1);
    }

    [Fact]
    public void Schema_NotDeclared_IsInferredFromTheFirstLines()
    {
        var path = _files.Write(
            """
            {"i":1,"f":1,"b":true,"t":"2024-03-01T14:30:00Z","s":"x","n":null,"mixed":1}
            {"i":2,"f":2.5,"b":false,"t":"2024-03-01","s":"2024-03-01","mixed":"a","late":1.5}
            {"i":null,"f":1e300,"o":{"x":1}}
            """);

        var schema = new JsonLinesSource(path).Schema;

        schema.ShouldBe(new Schema
        {
            { "i", ColumnType.Int64 },
            { "f", ColumnType.Float64 },
            { "b", ColumnType.Boolean },
            { "t", ColumnType.Timestamp(TimeUnit.Microsecond) },
            { "s", ColumnType.String },
            { "n", ColumnType.String },
            { "mixed", ColumnType.String },
            { "late", ColumnType.Float64 },
            { "o", ColumnType.String },
        });
    }

    [Fact]
    public async Task ReadAsync_InferredSchema_ReadsTheFile()
    {
        var path = _files.Write("{\"a\":1,\"t\":\"1970-01-01T00:00:01Z\"}\nnot json\n{\"a\":2}\n");

        var (rows, context, _) = await ReadAsync(path, policy: BadRecordPolicy.Skip);

        rows.ShouldBe([["1", "1000000"], ["2", "null"]]);
        context.BadRecords.ShouldBe(1);
    }

    [Fact]
    public void Schema_NothingToInfer_ThrowsDataFormatExceptionNamingFile()
    {
        var path = _files.Write("\n[1]\n");

        var ex = Should.Throw<DataFormatException>(() => new JsonLinesSource(path).Schema);

        ex.Path.ShouldBe(path);
    }

    [Fact]
    public void Schema_Declared_IsReturnedWithoutReadingTheFile()
    {
        new JsonLinesSource(_files.PathOf("missing.jsonl"), s_schema).Schema.ShouldBe(s_schema);
    }

    [Fact]
    public async Task ReadAsync_MutatedAtEveryOffset_OnlyReportsBadLines()
    {
        var original = Encoding.UTF8.GetBytes(
            "{\"symbol\":\"caf\\u00e9\",\"price\":1.5e3,\"volume\":-12,\"ts\":\"2024-03-01T14:30:00.5+01:00\",\"level\":7,\"buy\":false}\n" +
            "{\"symbol\":[1,{\"x\":null}],\"ts\":1709303400000001,\"price\":\"NaN\"}\n");
        foreach (var value in new byte[] { 0x00, 0xFF, (byte)'"', (byte)'\n', (byte)'{', (byte)'9' })
        {
            for (var offset = 0; offset < original.Length; offset++)
            {
                var mutated = (byte[])original.Clone();
                mutated[offset] = value;
                var path = _files.WriteBytes(mutated);

                var (rows, context, _) = await ReadAsync(path, s_schema, BadRecordPolicy.Skip);

                (rows.Count + context.BadRecords).ShouldBeGreaterThanOrEqualTo(1);
            }
        }
    }

    [Fact]
    public void Schema_FieldFirstSeenAfterTheSample_IsNotInferred()
    {
        var lines = string.Concat(Enumerable.Repeat("{\"a\":1}\n", JsonLinesSource.InferenceSampleRows)) + "{\"a\":2,\"late\":true}\n";
        var path = _files.Write(lines);

        new JsonLinesSource(path).Schema.ToString().ShouldBe("a: int64");
    }
}
