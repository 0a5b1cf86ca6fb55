using Npgsql;
using static Otters.Tests.IO.Postgres.PostgresTestData;

namespace Otters.Tests.IO.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSinkTests(PostgresFixture fixture)
{
    [Fact]
    public async Task WriteAsync_TicksWithNullsAndTimestamps_RoundTripExactly()
    {
        var table = fixture.NewTable("ticks");
        var batches = new[] { Ticks(0, 1000, withNulls: true), Ticks(1000, 777, withNulls: true) };

        var sink = new PostgresSink(fixture.DataSource, table);
        sink.Validate(TickSchema);
        await sink.OpenAsync(TickSchema);
        foreach (var batch in batches)
        {
            await sink.WriteAsync(batch);
        }

        await sink.CloseAsync();

        var source = PostgresSource.FromQuery(fixture.DataSource, $"SELECT * FROM \"{table}\" ORDER BY volume");
        var rows = await ReadAllAsync(source, TickSchema);
        rows.ShouldBe(batches.SelectMany(RowsOf).ToList());
        sink.RowsWritten.ShouldBe(1777);
    }

    [Fact]
    public async Task WriteAsync_Timestamps_AreStoredAsTheirUtcInstant()
    {
        var table = fixture.NewTable("instants");
        var sink = new PostgresSink(fixture.DataSource, table);
        await sink.OpenAsync(TickSchema);
        await sink.WriteAsync(Ticks(0, 1));
        await sink.CloseAsync();

        var stored = await fixture.ScalarAsync<DateTime>($"SELECT \"timestamp\" FROM \"{table}\"");
        stored.ShouldBe(new DateTime(2024, 1, 2, 9, 30, 0, DateTimeKind.Utc));
        (await fixture.ScalarAsync<string>($"SELECT to_char(\"timestamp\" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM \"{table}\""))
            .ShouldBe("2024-01-02 09:30:00.000000");
    }

    [Theory]
    [InlineData(TimeUnit.Second, 1_704_187_800L, "2024-01-02 09:30:00.000000")]
    [InlineData(TimeUnit.Millisecond, 1_704_187_800_123L, "2024-01-02 09:30:00.123000")]
    [InlineData(TimeUnit.Nanosecond, 1_704_187_800_123_456_789L, "2024-01-02 09:30:00.123456")]
    [InlineData(TimeUnit.Nanosecond, -1L, "1969-12-31 23:59:59.999999")]
    public async Task WriteAsync_TimestampUnits_ConvertToMicrosecondsTruncatingNanoseconds(TimeUnit unit, long value, string expected)
    {
        var table = fixture.NewTable("units");
        var schema = new Schema { { "t", ColumnType.Timestamp(unit) } };
        var column = PrimitiveColumn<long>.Create(ColumnType.Timestamp(unit), [value]);
        var sink = new PostgresSink(fixture.DataSource, table);
        await sink.OpenAsync(schema);
        await sink.WriteAsync(new RecordBatch(schema, [column]));
        await sink.CloseAsync();

        (await fixture.ScalarAsync<string>($"SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM \"{table}\"")).ShouldBe(expected);
    }

    [Fact]
    public async Task OpenAsync_MissingTable_CreatesItWithTheDocumentedTypes()
    {
        var table = fixture.NewTable("created");
        var schema = new Schema
        {
            { "s", ColumnType.String },
            { "f", ColumnType.Float64 },
            { "l", ColumnType.Int64 },
            { "i", ColumnType.Int32 },
            { "b", ColumnType.Boolean },
            { "t", ColumnType.Timestamp(TimeUnit.Nanosecond) },
        };
        var sink = new PostgresSink(fixture.DataSource, table);
        sink.Validate(schema);
        await sink.OpenAsync(schema);
        await sink.CloseAsync();

        await using var command = fixture.DataSource.CreateCommand(
            $"SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = '{table}'");
        (await command.ExecuteScalarAsync()).ShouldBe(
            "s text, f double precision, l bigint, i integer, b boolean, t timestamp with time zone");
    }

    [Fact]
    public async Task WriteAsync_AllTypesIntoCompatibleExistingColumns_Works()
    {
        var table = fixture.NewTable("compatible");
        await fixture.ExecuteAsync(
            $"CREATE TABLE \"{table}\" (extra serial, s varchar(20), f float8, l int8, i bigint, b bool, t timestamp, note text)");
        var schema = new Schema
        {
            { "S", ColumnType.String },
            { "f", ColumnType.Float64 },
            { "l", ColumnType.Int64 },
            { "i", ColumnType.Int32 },
            { "b", ColumnType.Boolean },
            { "t", ColumnType.Timestamp(TimeUnit.Millisecond) },
        };
        var batch = new RecordBatch(schema,
        [
            Build(ColumnType.String, "x", null),
            Build(ColumnType.Float64, 1.5, double.NaN),
            Build(ColumnType.Int64, long.MaxValue, long.MinValue),
            Build(ColumnType.Int32, int.MinValue, null),
            Build(ColumnType.Boolean, true, false),
            Build(ColumnType.Timestamp(TimeUnit.Millisecond), 1_000L, null),
        ]);
        var sink = new PostgresSink(fixture.DataSource, table);
        sink.Validate(schema);
        await sink.OpenAsync(schema);
        await sink.WriteAsync(batch);
        await sink.CloseAsync();

        var rows = await ReadAllAsync(
            PostgresSource.FromQuery(fixture.DataSource, $"SELECT s AS \"S\", f, l, i::int4 AS i, b, t FROM \"{table}\" ORDER BY extra"),
            schema);
        rows.ShouldBe(RowsOf(batch));
    }

    [Fact]
    public async Task Validate_ColumnOfWrongType_ThrowsSchemaExceptionNamingTableAndColumn()
    {
        var table = fixture.NewTable("wrongtype");
        await fixture.ExecuteAsync($"CREATE TABLE \"{table}\" (symbol text, price numeric, volume bigint, \"timestamp\" timestamptz)");
        var sink = new PostgresSink(fixture.DataSource, table);

        var error = Should.Throw<SchemaException>(() => sink.Validate(TickSchema));

        error.Message.ShouldContain($"'{table}'");
        error.Message.ShouldContain("'price'");
        error.Message.ShouldContain("numeric");
    }

    [Fact]
    public async Task Validate_MissingColumn_ThrowsSchemaExceptionNamingTableAndColumn()
    {
        var table = fixture.NewTable("missingcol");
        await fixture.ExecuteAsync($"CREATE TABLE \"{table}\" (symbol text, price float8, \"timestamp\" timestamptz)");
        var sink = new PostgresSink(fixture.DataSource, table);

        var error = Should.Throw<SchemaException>(() => sink.Validate(TickSchema));

        error.Message.ShouldContain($"'{table}' has no column 'volume'");
    }

    [Fact]
    public async Task Validate_NotNullColumnTheSchemaLacks_ThrowsSchemaException()
    {
        var table = fixture.NewTable("notnull");
        await fixture.ExecuteAsync($"CREATE TABLE \"{table}\" (symbol text, price float8, volume int8, \"timestamp\" timestamptz, venue text NOT NULL)");
        var sink = new PostgresSink(fixture.DataSource, table);

        Should.Throw<SchemaException>(() => sink.Validate(TickSchema)).Message.ShouldContain("'venue'");
    }

    [Fact]
    public async Task Validate_UpsertKeyWithoutUniqueIndex_ThrowsSchemaException()
    {
        var table = fixture.NewTable("nokey");
        await fixture.ExecuteAsync($"CREATE TABLE \"{table}\" (id int8, symbol text, price float8, \"timestamp\" timestamptz)");
        var sink = new PostgresSink(fixture.DataSource, table, new PostgresSinkOptions { Key = ["id"] });

        Should.Throw<SchemaException>(() => sink.Validate(KeyedSchema)).Message.ShouldContain("unique index");
    }

    [Fact]
    public void Validate_UpsertKeyNotInSchema_ThrowsSchemaException()
    {
        var sink = new PostgresSink(fixture.DataSource, fixture.NewTable("badkey"), new PostgresSinkOptions { Key = ["nope"] });

        Should.Throw<SchemaException>(() => sink.Validate(KeyedSchema)).Message.ShouldContain("'nope'");
    }

    [Fact]
    public void Validate_MissingTableWithCreateTableOff_ThrowsSchemaException()
    {
        var table = fixture.NewTable("absent");
        var sink = new PostgresSink(fixture.DataSource, table, new PostgresSinkOptions { CreateTable = false });

        Should.Throw<SchemaException>(() => sink.Validate(TickSchema)).Message.ShouldContain($"'{table}' ");
    }

    [Fact]
    public async Task WriteAsync_UpsertMode_WritingTheSameBatchTwiceKeepsOneRowPerKey()
    {
        var table = fixture.NewTable("upsert");
        var sink = new PostgresSink(fixture.Cluster.Uri(table) + "?key=id");
        sink.Validate(KeyedSchema);
        await sink.OpenAsync(KeyedSchema);
        await sink.WriteAsync(Keyed(0, 500));
        await sink.WriteAsync(Keyed(0, 500));
        await sink.WriteAsync(Keyed(250, 500, version: 0.5));
        await sink.CloseAsync();

        (await fixture.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"")).ShouldBe(750);
        (await fixture.ScalarAsync<long>($"SELECT count(DISTINCT id) FROM \"{table}\"")).ShouldBe(750);
        (await fixture.ScalarAsync<double>($"SELECT price FROM \"{table}\" WHERE id = 100")).ShouldBe(100);
        (await fixture.ScalarAsync<double>($"SELECT price FROM \"{table}\" WHERE id = 300")).ShouldBe(300.5);
    }

    [Fact]
    public async Task WriteAsync_UpsertModeWithDuplicateKeysInOneBatch_KeepsTheLastRow()
    {
        var table = fixture.NewTable("dupkeys");
        var schema = new Schema { { "k", ColumnType.String }, { "v", ColumnType.Int64 } };
        var batch = new RecordBatch(schema, [Build(ColumnType.String, "a", "b", "a", "a"), Build(ColumnType.Int64, 1L, 2L, 3L, 4L)]);
        var sink = new PostgresSink(fixture.DataSource, table, new PostgresSinkOptions { Key = ["k"] });
        await sink.OpenAsync(schema);
        await sink.WriteAsync(batch);
        await sink.CloseAsync();

        (await fixture.ScalarAsync<string>($"SELECT string_agg(k || '=' || v, ',' ORDER BY k) FROM \"{table}\"")).ShouldBe("a=4,b=2");
    }

    [Fact]
    public async Task WriteAsync_AppendModeConstraintViolation_ThrowsNamingTheTableWithoutRetrying()
    {
        var table = fixture.NewTable("violation");
        await fixture.ExecuteAsync($"CREATE TABLE \"{table}\" (id int8 PRIMARY KEY, symbol text, price float8, \"timestamp\" timestamptz)");
        var sink = new PostgresSink(fixture.DataSource, table);
        await sink.OpenAsync(KeyedSchema);
        await sink.WriteAsync(Keyed(0, 10));

        var error = await Should.ThrowAsync<OttersException>(async () => await sink.WriteAsync(Keyed(5, 10)));
        await sink.CloseAsync();

        error.Message.ShouldContain($"'{table}'");
        error.InnerException.ShouldBeOfType<PostgresException>().SqlState.ShouldBe("23505");
        sink.Retries.ShouldBe(0);
        (await fixture.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"")).ShouldBe(10, "the failed batch's transaction rolled back");
    }

    [Fact]
    public void Describe_UriWithPassword_LeavesThePasswordOut()
    {
        var sink = new PostgresSink("postgresql://me:s3cret@db.example:6543/market/ticks?key=id");

        sink.Describe().ShouldBe("postgresql postgresql://me@db.example:6543/market/ticks?key=id");
    }

    [Fact]
    public void Validate_ServerUnreachable_ThrowsNamingTableAndUri()
    {
        var sink = new PostgresSink("postgresql://postgres:pw@127.0.0.1:1/postgres/ticks?timeout=2");

        var error = Should.Throw<OttersException>(() => sink.Validate(TickSchema));

        error.Message.ShouldStartWith("Could not check PostgreSQL table 'ticks' (postgresql://postgres@127.0.0.1:1/postgres/ticks?timeout=2) when the pipeline was built");
        error.Message.ShouldNotContain("pw");
    }

    [Fact]
    public async Task OpenAsync_ServerDownForLongerThanRetryTimeout_FailsAfterRetrying()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Database=postgres;Timeout=2");
        var sink = new PostgresSink(dataSource, "ticks", new PostgresSinkOptions { RetryTimeout = TimeSpan.FromSeconds(1), RetryDelay = TimeSpan.FromMilliseconds(50) });

        var error = await Should.ThrowAsync<OttersException>(async () => await sink.OpenAsync(TickSchema));
        await sink.CloseAsync();

        error.Message.ShouldContain("Opening PostgreSQL table 'ticks'");
        error.Message.ShouldContain("still failing after retrying for");
        sink.Retries.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task WriteAsync_Cancelled_RollsTheBatchBackAndThrowsOperationCanceled()
    {
        var table = fixture.NewTable("cancelled");
        var sink = new PostgresSink(fixture.DataSource, table);
        await sink.OpenAsync(TickSchema);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(async () => await sink.WriteAsync(Ticks(0, 10_000), cts.Token));
        await sink.WriteAsync(Ticks(0, 10));
        await sink.CloseAsync();

        (await fixture.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"")).ShouldBe(10);
    }

    private static Column Build(ColumnType type, params object?[] values)
    {
        var builder = ColumnBuilder.Create(type, values.Length);
        foreach (var value in values)
        {
            builder.AppendValue(value);
        }

        return builder.Build();
    }
}
