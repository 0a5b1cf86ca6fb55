using System.Diagnostics;
using System.Text.Json;

namespace Otters.Tests.IO.Arrow;

/// <summary>
/// Files Otters writes must open in the reference apache-arrow package with every value intact.
/// CI installs it with <c>npm ci --prefix Otters.Tests/Fixtures/arrow/tools</c>; without it these tests fail.
/// </summary>
public sealed class ArrowNodeInteropTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("otters-arrow-node-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("otters.arrow")]
    [InlineData("otters.arrows")]
    public async Task OttersFile_ReadByApacheArrow_HasEveryValue(string name)
    {
        var path = Path.Combine(_directory, name);
        RecordBatch[] batches = [ArrowTestData.Ticks(300), ArrowTestData.Ticks(5, seed: 11), ArrowTestData.Ticks(300).Slice(7, 100)];
        await ArrowTestData.WriteAsync(path, ArrowTestData.TickSchema, batches);

        using var dump = JsonDocument.Parse(await RunDumpAsync(path));

        var schema = dump.RootElement.GetProperty("schema").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("type").GetString())).ToArray();
        schema.ShouldBe(
        [
            ("symbol", "Utf8"), ("price", "Float64"), ("volume", "Int64"),
            ("ts", "Timestamp<MICROSECOND, UTC>"), ("level", "Int32"), ("buy", "Bool"),
        ]);
        dump.RootElement.GetProperty("batches").GetInt32().ShouldBe(3);
        ArrowTestData.Cells(dump.RootElement, ArrowTestData.TickSchema).ShouldBe(ArrowTestData.Cells(batches));
    }

    private static async Task<string> RunDumpAsync(string path)
    {
        var tools = ArrowFixtures.ToolsDirectory;
        Directory.Exists(Path.Combine(tools, "node_modules", "apache-arrow")).ShouldBeTrue(
            $"apache-arrow is not installed; run 'npm ci' in {tools} before these tests.");
        var start = new ProcessStartInfo("node", ["dump-arrow.mjs", path])
        {
            WorkingDirectory = tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, $"node dump-arrow.mjs failed: {await error}");
        return await output;
    }
}
