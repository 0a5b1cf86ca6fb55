using Otters.Tests.Support;

namespace Otters.Tests.IO.Postgres;

/// <summary>The PostgreSQL connectors used the way users write pipelines: URIs and the data-source overload.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPipelineTests(PostgresFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sink_Uri_CreatesTheTableAndWritesEveryRow()
    {
        var table = fixture.NewTable("pipe_uri");
        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 256 });
        p.Source(TestData.TickRows(1000));
        p.Sink(fixture.Cluster.Uri(table));

        await p.RunAsync().WaitAsync(s_timeout);

        (await fixture.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"")).ShouldBe(1000);
        (await fixture.ScalarAsync<long>($"SELECT sum(volume)::int8 FROM \"{table}\"")).ShouldBe(999 * 1000 / 2);
        (await fixture.ScalarAsync<DateTime>($"SELECT max(\"timestamp\") FROM \"{table}\""))
            .ShouldBe(new DateTime(2026, 1, 2, 14, 30, 0, DateTimeKind.Utc).AddMilliseconds(999));
        p.Describe().ShouldContain($"postgresql postgresql://postgres@127.0.0.1:{fixture.Cluster.Port}/postgres/{table}");
    }

    [Fact]
    public async Task Sink_DataSourceOverloadInUpsertMode_RunningTwiceKeepsOneRowPerKey()
    {
        var table = fixture.NewTable("pipe_upsert");
        for (var run = 0; run < 2; run++)
        {
            var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 100 });
            p.Source(TestData.TickRows(500));
            p.Sink(fixture.DataSource, table, new PostgresSinkOptions { Key = ["volume"] });
            await p.RunAsync().WaitAsync(s_timeout);
        }

        (await fixture.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"")).ShouldBe(500);
    }

    [Fact]
    public async Task Validate_ExistingTableOfWrongType_FailsWhenThePipelineIsBuilt()
    {
        var table = fixture.NewTable("pipe_mismatch");
        await fixture.ExecuteAsync($"CREATE TABLE \"{table}\" (symbol text, price float8, volume int4, \"timestamp\" timestamptz)");
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(10));
        p.Sink(fixture.Cluster.Uri(table));

        var error = Should.Throw<SchemaException>(p.Validate);

        error.Message.ShouldContain($"Column 'volume' of PostgreSQL table '{table}' is integer");
    }

    [Fact]
    public void Sink_BadUri_ThrowsAClearError()
    {
        var p = new Pipeline(TestData.Ticks());
        p.Source(TestData.TickRows(10));

        var error = Should.Throw<ArgumentException>(() => p.Sink("postgresql://localhost/onlydatabase"));

        error.Message.ShouldContain("'postgresql://localhost/onlydatabase' names no table");
    }

    [Fact]
    public async Task Source_TableUri_FeedsThePipelineWithTheTablesSchema()
    {
        var table = fixture.NewTable("pipe_source");
        var write = new Pipeline(TestData.Ticks());
        write.Source(TestData.TickRows(300));
        write.Sink(fixture.Cluster.Uri(table));
        await write.RunAsync().WaitAsync(s_timeout);

        var sink = new MemorySink();
        var read = new Pipeline();
        read.Source(fixture.Cluster.Uri(table));
        read.Sink(sink);
        await read.RunAsync().WaitAsync(s_timeout);

        sink.Schema.ShouldBe(TestData.Ticks());
        sink.RowCount.ShouldBe(300);
        sink.Column<long>("volume").Order().ShouldBe(Enumerable.Range(0, 300).Select(i => (long)i));
    }

    [Fact]
    public async Task Source_QueryUriUnderADeclaredSchema_ReadsAsTheDeclaredTypes()
    {
        var declared = new Schema { { "n", ColumnType.Int64 }, { "t", ColumnType.Timestamp(TimeUnit.Millisecond) } };
        var query = Uri.EscapeDataString("SELECT g AS n, timestamptz '2026-01-02 00:00:00+00' + g * interval '1 ms' AS t FROM generate_series(1, 1000) g");
        var sink = new MemorySink();
        var p = new Pipeline(declared);
        p.Source($"{fixture.Cluster.Uri()}?query={query}");
        p.Sink(sink);

        await p.RunAsync().WaitAsync(s_timeout);

        sink.RowCount.ShouldBe(1000);
        var start = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        sink.Column<long>("t").ShouldBe(Enumerable.Range(1, 1000).Select(i => start + i));
    }

    [Fact]
    public void Validate_DeclaredSchemaTheQueryCannotFill_FailsWhenThePipelineIsBuilt()
    {
        var declared = new Schema { { "n", ColumnType.Int64 }, { "missing", ColumnType.String } };
        var p = new Pipeline(declared);
        p.Source($"{fixture.Cluster.Uri()}?query=SELECT%201%20AS%20n");
        p.Sink(new MemorySink());

        Should.Throw<SchemaException>(p.Validate).Message.ShouldContain("returns no column 'missing'");
    }

    [Fact]
    public async Task RunAsync_ServerRestartsWhileALiveSourceStreams_UpsertSinkEndsWithEveryRowOnce()
    {
        var table = fixture.NewTable("pipe_restart");
        var restart = Task.CompletedTask;
        async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Feed()
        {
            var i = 0;
            foreach (var row in TestData.TickRows(30_000))
            {
                if (i % 500 == 0)
                {
                    await Task.Delay(20);
                }

                if (i == 5_000)
                {
                    restart = RestartAsync();
                }

                i++;
                yield return row;
            }
        }

        var p = new Pipeline(TestData.Ticks(), new PipelineOptions { BatchSize = 500, Linger = TimeSpan.FromMilliseconds(50) });
        p.Source(Feed);
        p.Sink($"{fixture.Cluster.Uri(table)}?key=volume");

        await p.RunAsync().WaitAsync(s_timeout);
        await restart;
        fixture.DataSource.Clear();

        (await fixture.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"")).ShouldBe(30_000);
        (await fixture.ScalarAsync<long>($"SELECT count(DISTINCT volume) FROM \"{table}\"")).ShouldBe(30_000);
    }

    private async Task RestartAsync()
    {
        await fixture.Cluster.StopServerAsync("fast");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await fixture.Cluster.StartServerAsync();
    }
}
