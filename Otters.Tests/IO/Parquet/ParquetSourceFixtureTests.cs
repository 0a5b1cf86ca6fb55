namespace Otters.Tests.IO.Parquet;

public sealed class ParquetSourceFixtureTests
{
    public static TheoryData<string> Fixtures => new(ParquetFixtures.ParquetFiles);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task ReadAsync_Fixture_EqualsSourceCsvCellForCell(string file)
    {
        var expected = ParquetFixtures.ReadTicks();
        var source = new ParquetSource(ParquetFixtures.File(file));
        var unit = file.Contains("_ms", StringComparison.Ordinal) ? TimeUnit.Millisecond
            : file.Contains("_ns", StringComparison.Ordinal) ? TimeUnit.Nanosecond : TimeUnit.Microsecond;
        source.Schema.ShouldBe(new Schema
        {
            { "symbol", ColumnType.String },
            { "price", ColumnType.Float64 },
            { "volume", ColumnType.Int64 },
            { "timestamp", ColumnType.Timestamp(unit) },
            { "day", ColumnType.Timestamp(TimeUnit.Millisecond) },
            { "size", ColumnType.Int32 },
            { "bid", ColumnType.Float64 },
            { "active", ColumnType.Boolean },
        });
        source.RowGroupCount.ShouldBeGreaterThan(1);

        // 37 rows per batch, so batches straddle pages and row groups at odd places.
        var rows = await ReadRows(source, new SourceContext(source.Schema, batchSize: 37));

        rows.Count.ShouldBe(expected.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var e = expected[i];
            var a = rows[i];
            var ts = e.Timestamp is { } us ? unit switch
            {
                TimeUnit.Millisecond => us / 1000,
                TimeUnit.Nanosecond => us * 1000,
                _ => us,
            } : (long?)null;
            var where = $"row {i} of {file}";
            a.Symbol.ShouldBe(e.Symbol, where);
            a.Price.ShouldBe(e.Price, where);
            a.Volume.ShouldBe(e.Volume, where);
            a.Timestamp.ShouldBe(ts, where);
            a.DayMillis.ShouldBe(e.Day * 86_400_000L, where);
            a.Size.ShouldBe(e.Size, where);
            a.Bid.ShouldBe(e.Bid, where);
            a.Active.ShouldBe(e.Active, where);
        }
    }

    [Fact]
    public async Task ReadAsync_DeclaredSubsetInOtherOrder_ReadsOnlyThoseColumns()
    {
        var declared = new Schema { { "volume", ColumnType.Int64 }, { "symbol", ColumnType.String } };
        var source = new ParquetSource(ParquetFixtures.File("duckdb_snappy_us.parquet"), declared);
        var expected = ParquetFixtures.ReadTicks();

        var batches = new List<RecordBatch>();
        await foreach (var batch in source.ReadAsync(new SourceContext(declared, batchSize: 1000)))
        {
            batches.Add(batch);
        }

        batches.Sum(b => b.Length).ShouldBe(expected.Count);
        var index = 0;
        foreach (var batch in batches)
        {
            batch.Schema.ShouldBe(declared);
            for (var i = 0; i < batch.Length; i++, index++)
            {
                batch.Column(0).GetValue(i).ShouldBe(expected[index].Volume);
                batch.Column(1).GetValue(i).ShouldBe(expected[index].Symbol);
            }
        }
    }

    [Fact]
    public void Constructor_DeclaredColumnMissing_ThrowsSchemaExceptionNamingBothSchemas()
    {
        var declared = new Schema { { "volume", ColumnType.Int64 }, { "venue", ColumnType.String } };
        var path = ParquetFixtures.File("duckdb_snappy_us.parquet");

        var ex = Should.Throw<SchemaException>(() => new ParquetSource(path, declared));

        ex.Message.ShouldContain("venue");
        ex.Message.ShouldContain(declared.ToString());
        ex.Message.ShouldContain("symbol: string");
        ex.Message.ShouldContain(path);
    }

    [Fact]
    public void Constructor_DeclaredTypeDiffers_ThrowsSchemaException()
    {
        var declared = new Schema { { "volume", ColumnType.Float64 } };

        var ex = Should.Throw<SchemaException>(() => new ParquetSource(ParquetFixtures.File("duckdb_snappy_us.parquet"), declared));

        ex.Message.ShouldContain("'volume' is int64 in the file but declared float64");
    }

    internal static async Task<List<ReadRow>> ReadRows(ParquetSource source, SourceContext context)
    {
        var rows = new List<ReadRow>();
        await foreach (var batch in source.ReadAsync(context))
        {
            batch.Length.ShouldBeLessThanOrEqualTo(context.BatchSize);
            for (var i = 0; i < batch.Length; i++)
            {
                rows.Add(new ReadRow(
                    (string?)batch.Column("symbol").GetValue(i),
                    (double?)batch.Column("price").GetValue(i),
                    (long?)batch.Column("volume").GetValue(i),
                    (long?)batch.Column("timestamp").GetValue(i),
                    (long?)batch.Column("day").GetValue(i),
                    (int?)batch.Column("size").GetValue(i),
                    (double?)batch.Column("bid").GetValue(i),
                    (bool?)batch.Column("active").GetValue(i)));
            }
        }

        return rows;
    }
}

/// <summary>A row as read back: like <see cref="TickRow"/> with the day as milliseconds.</summary>
internal sealed record ReadRow(string? Symbol, double? Price, long? Volume, long? Timestamp, long? DayMillis, int? Size, double? Bid, bool? Active);
