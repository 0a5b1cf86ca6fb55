using Otters.IO.Json;
using Otters.Tests.IO.Arrow;

namespace Otters.Tests.IO.Json;

public sealed class JsonLinesPipelineTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly JsonTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Pipeline_DeadLetterPolicy_SendsBadLinesToTheDeadLetterFile()
    {
        var input = _files.Write("{\"a\":1}\n{\"a\":\"x\"}\n{\"a\":3}\n", "in.ndjson");
        var output = _files.PathOf("out.jsonl");
        var dead = _files.PathOf("dead.jsonl");
        var p = new Pipeline(new Schema { { "a", ColumnType.Int64 } }, new PipelineOptions { OnBadRecord = BadRecordPolicy.DeadLetter });
        p.Source(input);
        p.Sink(output);
        p.DeadLetter(dead);

        await p.RunAsync().WaitAsync(s_timeout);

        (await File.ReadAllLinesAsync(output)).ShouldBe(["{\"a\":1}", "{\"a\":3}"]);
        var deadRows = await ArrowTestData.ReadAllAsync(new JsonLinesSource(dead, BadRecord.DeadLetterSchema));
        var row = ArrowTestData.Cells(deadRows).Single();
        row[0].ShouldContain("in.ndjson");
        row[1].ShouldBe("\"line 2\"");
        row[3].ShouldBe("\"{\\u0022a\\u0022:\\u0022x\\u0022}\"");
    }

    [Fact]
    public async Task Pipeline_FailPolicy_FailsNamingFileAndLine()
    {
        var input = _files.Write("{\"a\":1}\n{\"a\":true}\n", "in.jsonl");
        var p = new Pipeline(new Schema { { "a", ColumnType.Int64 } });
        p.Source(input);
        p.Sink(_files.PathOf("out.jsonl"));

        var ex = await Should.ThrowAsync<BadRecordException>(() => p.RunAsync().WaitAsync(s_timeout));

        ex.Message.ShouldContain(input);
        ex.Message.ShouldContain("line 2");
    }

    [Fact]
    public async Task Pipeline_WithoutSchema_InfersItFromTheFile()
    {
        var input = _files.Write("{\"s\":\"x\",\"n\":1,\"t\":\"2024-03-01T00:00:00Z\"}\n{\"s\":null,\"n\":2.5}\n");
        var output = _files.PathOf("out.arrow");
        var p = new Pipeline();
        p.Source(input);
        p.Sink(output);

        await p.RunAsync().WaitAsync(s_timeout);

        var read = await ArrowTestData.ReadAllAsync(ArrowTestData.Source(output));
        read[0].Schema.ToString().ShouldBe("s: string, n: float64, t: timestamp[us]");
        ArrowTestData.Cells(read).ShouldBe([["\"x\"", "1", "1709251200000000"], ["null", "2.5", "null"]]);
    }
}
