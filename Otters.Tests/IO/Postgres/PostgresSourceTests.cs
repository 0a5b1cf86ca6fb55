using static Otters.Tests.IO.Postgres.PostgresTestData;

namespace Otters.Tests.IO.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSourceTests(PostgresFixture fixture)
{
    [Fact]
    public async Task ReadAsync_Table_StreamsEveryRowInBatchesWithTheTablesSchema()
    {
        var table = await CreateTicksTableAsync(2500);
        var source = new PostgresSource(fixture.Cluster.Uri(table));

        source.Schema.ShouldBe(TickSchema);
        var batches = new List<RecordBatch>();
        await foreach (var batch in source.ReadAsync(new SourceContext(source.Schema!, batchSize: 1000)))
        {
            batches.Add(batch);
        }

        batches.Select(b => b.Length).ShouldBe([1000, 1000, 500]);
        batches.SelectMany(RowsOf).OrderBy(r => (long)r[2]!).ToList().ShouldBe(RowsOf(Ticks(0, 2500, withNulls: true)));
    }

    [Fact]
    public async Task Schema_Query_ComesFromTheResultColumns()
    {
        var source = PostgresSource.FromQuery(
            fixture.DataSource,
            "SELECT 'a'::text AS s, 1.5::float8 AS f, 2.5::real AS r, 3.25::numeric AS n, 4::int8 AS l, 5 AS i, 6::int2 AS h, "
            + "true AS b, now() AS tz, localtimestamp AS ts, current_date AS d, 'v'::varchar(3) AS v;");

        source.Schema!.ToString().ShouldBe(
            "s: string, f: float64, r: float64, n: float64, l: int64, i: int32, h: int32, b: bool, "
            + "tz: timestamp[us], ts: timestamp[us], d: timestamp[us], v: string");
        var rows = await ReadAllAsync(source, source.Schema!);
        rows.Count.ShouldBe(1);
        rows[0][..8].ShouldBe(["a", 1.5, 2.5, 3.25, 4L, 5, 6, true]);
    }

    [Fact]
    public async Task ReadAsync_QueryUri_ReadsTheFilteredRows()
    {
        var table = await CreateTicksTableAsync(100);
        var query = Uri.EscapeDataString($"SELECT symbol, volume FROM \"{table}\" WHERE volume >= 900 ORDER BY volume");
        var source = new PostgresSource($"{fixture.Cluster.Uri()}?query={query}");

        var rows = await ReadAllAsync(source, source.Schema!);

        source.Schema!.Names.ShouldBe(["symbol", "volume"]);
        rows.Select(r => r[1]).ShouldBe([900L, 910L, 920L, 930L, 940L, 950L, 960L, 970L, 980L, 990L]);
    }

    [Fact]
    public async Task ReadAsync_DeclaredSchema_ConvertsCompatibleTypesAndSkipsOtherColumns()
    {
        var source = PostgresSource.FromQuery(
            fixture.DataSource,
            "SELECT 7 AS n, 'x' AS unused, timestamptz '2024-01-02 09:30:00.123456+00' AS t");
        var declared = new Schema { { "t", ColumnType.Timestamp(TimeUnit.Millisecond) }, { "n", ColumnType.Int64 } };

        var rows = await ReadAllAsync(source, declared);

        rows.ShouldHaveSingleItem().ShouldBe([1_704_187_800_123L, 7L]);
    }

    [Fact]
    public async Task ReadAsync_DeclaredColumnMissingFromResult_ThrowsSchemaExceptionNamingIt()
    {
        var source = PostgresSource.FromQuery(fixture.DataSource, "SELECT 1 AS a");
        var declared = new Schema { { "b", ColumnType.Int32 } };

        var error = await Should.ThrowAsync<SchemaException>(async () => await ReadAllAsync(source, declared));

        error.Message.ShouldContain("no column 'b'");
    }

    [Fact]
    public void Schema_UnsupportedColumnType_ThrowsSchemaExceptionSuggestingACast()
    {
        var source = PostgresSource.FromQuery(fixture.DataSource, "SELECT gen_random_uuid() AS id");

        var error = Should.Throw<SchemaException>(() => source.Schema);

        error.Message.ShouldContain("'id'");
        error.Message.ShouldContain("uuid");
        error.Message.ShouldContain("::text");
    }

    [Fact]
    public void Schema_MissingTable_ThrowsNamingTheTable()
    {
        var source = PostgresSource.FromTable(fixture.DataSource, "no_such_table");

        var error = Should.Throw<OttersException>(() => source.Schema);

        error.Message.ShouldContain("table 'no_such_table'");
        error.Message.ShouldContain("does not exist");
    }

    [Fact]
    public async Task ReadAsync_Cancelled_StopsPromptly()
    {
        var source = PostgresSource.FromQuery(fixture.DataSource, "SELECT g AS n FROM generate_series(1, 2000000) g");
        using var cts = new CancellationTokenSource();
        var batches = 0;
        var cancelled = new System.Diagnostics.Stopwatch();

        await Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in source.ReadAsync(new SourceContext(source.Schema!, batchSize: 1000), cts.Token))
            {
                if (++batches == 3)
                {
                    cancelled.Start();
                    await cts.CancelAsync();
                }
            }
        });

        cancelled.Stop();
        batches.ShouldBe(3);
        cancelled.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        (await fixture.ScalarAsync<int>("SELECT 1")).ShouldBe(1);
    }

    private async Task<string> CreateTicksTableAsync(int rows)
    {
        var table = fixture.NewTable("source");
        var sink = new PostgresSink(fixture.DataSource, table);
        await sink.OpenAsync(TickSchema);
        await sink.WriteAsync(Ticks(0, rows, withNulls: true));
        await sink.CloseAsync();
        return table;
    }
}
