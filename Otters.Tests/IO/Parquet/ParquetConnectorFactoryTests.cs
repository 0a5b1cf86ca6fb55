namespace Otters.Tests.IO.Parquet;

public sealed class ParquetConnectorFactoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("otters-parquet-pipe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Pipeline_ParquetPathToParquetPathWithQuery_CopiesEveryRow()
    {
        var input = ParquetFixtures.File("duckdb_v2_us.parquet");
        var output = Path.Combine(_dir, "copy.parquet");

        var p = new Pipeline();
        p.Source(input);
        p.Sink(output + "?compression=zstd&row_group_rows=128");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await p.RunAsync(timeout.Token);

        var copy = new ParquetSource(output);
        copy.Schema.ShouldBe(new ParquetSource(input).Schema);
        copy.RowCount.ShouldBe(300);
        copy.RowGroupCount.ShouldBe(3);
        var (_, expected) = await ParquetSinkTests.ReadAll(input);
        var (_, actual) = await ParquetSinkTests.ReadAll(output);
        actual.ShouldBe(expected);
    }

    [Fact]
    public void Factory_NonParquetTarget_ReturnsNull()
    {
        var factory = new Otters.IO.Parquet.ParquetConnectorFactory();
        factory.TryCreateSink("x.csv").ShouldBeNull();
        factory.TryCreateSource("kafka://h:1/t.parquet", null).ShouldBeNull();
        factory.TryCreateSink(Path.Combine(_dir, "y.parquet?compression=gzip")).ShouldBeOfType<ParquetSink>().Options.Compression.ShouldBe(ParquetCompression.Gzip);
    }
}
