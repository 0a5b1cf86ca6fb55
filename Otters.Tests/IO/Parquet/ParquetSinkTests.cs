using System.Text.Json;

namespace Otters.Tests.IO.Parquet;

public sealed class ParquetSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("otters-parquet-").FullName;

    public static TheoryData<string, string> WriteOptions => new()
    {
        { "duckdb_snappy_us.parquet", "" },
        { "duckdb_snappy_us.parquet", "compression=zstd&row_group_rows=64&page_bytes=256" },
        { "duckdb_none_ns.parquet", "compression=gzip&row_group_rows=100&dictionary=false" },
        { "parquetwasm_v2_ns.parquet", "compression=none&page_bytes=100" },
        { "hyparquet_utf8_ms.parquet", "compression=snappy&row_group_rows=7" },
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(WriteOptions))]
    public async Task CloseAsync_ThenOttersReads_SameRows(string fixture, string query)
    {
        var (schema, expected) = await ReadAll(ParquetFixtures.File(fixture));
        var path = Path.Combine(_dir, "out.parquet");

        await WriteAll(path, schema, expected, query);

        var (readSchema, actual) = await ReadAll(path);
        readSchema.ShouldBe(schema);
        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < actual.Count; i++)
        {
            actual[i].ShouldBe(expected[i], $"row {i}");
        }
    }

    [Theory]
    [MemberData(nameof(WriteOptions))]
    public async Task CloseAsync_ThenDuckDbAndPolarsRead_EveryValueEqual(string fixture, string query)
    {
        var (schema, expected) = await ReadAll(ParquetFixtures.File(fixture));
        var path = Path.Combine(_dir, "out.parquet");
        await WriteAll(path, schema, expected, query);

        using var result = NodeReadBack.Run(path);

        foreach (var engine in new[] { "duckdb", "polars" })
        {
            var e = result.RootElement.GetProperty(engine);
            var types = e.GetProperty("types").EnumerateObject().Select(p => p.Value.GetString()!).ToArray();
            var names = e.GetProperty("types").EnumerateObject().Select(p => p.Name).ToArray();
            names.ShouldBe(schema.Names.ToArray(), engine);
            var rows = e.GetProperty("rows").EnumerateArray().ToArray();
            rows.Length.ShouldBe(expected.Count, engine);
            for (var r = 0; r < rows.Length; r++)
            {
                var cells = rows[r].EnumerateArray().ToArray();
                for (var c = 0; c < schema.Count; c++)
                {
                    var where = $"{engine}, row {r}, column '{schema[c].Name}' ({types[c]})";
                    var want = expected[r][c];
                    if (cells[c].ValueKind == JsonValueKind.Null)
                    {
                        want.ShouldBeNull(where);
                        continue;
                    }

                    var text = cells[c].GetString()!;
                    want.ShouldNotBeNull(where);
                    var field = schema[c];
                    switch (field.Type.Kind)
                    {
                        case ColumnKind.Timestamp:
                            var factor = NodeReadBack.NanosPerUnit(engine, types[c]);
                            factor.ShouldBeGreaterThan(0, where);
                            var wantNanos = (long)want! * UnitNanos(field.Type.Unit);
                            (long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) * factor).ShouldBe(wantNanos, where);
                            break;
                        case ColumnKind.Float64:
                            NodeReadBack.ParseDouble(text).ShouldBe((double)want!, where);
                            break;
                        default:
                            var wantText = want is bool flag ? (flag ? "true" : "false") : Convert.ToString(want, System.Globalization.CultureInfo.InvariantCulture);
                            text.ShouldBe(wantText, where);
                            break;
                    }
                }
            }
        }
    }

    [Fact]
    public async Task WriteAsync_BeforeClose_LeavesNoFileUnderFinalName()
    {
        var (schema, rows) = await ReadAll(ParquetFixtures.File("duckdb_snappy_us.parquet"));
        var path = Path.Combine(_dir, "partial.parquet");
        var sink = new ParquetSink(path, new ParquetSinkOptions { RowGroupRows = 10 });
        await sink.OpenAsync(schema);
        await sink.WriteAsync(Build(schema, rows));

        File.Exists(path).ShouldBeFalse();
        Directory.GetFiles(_dir).Length.ShouldBe(1);
        await sink.CloseAsync();
        File.Exists(path).ShouldBeTrue();
        Directory.GetFiles(_dir).ShouldBe([path]);
    }

    [Fact]
    public async Task CloseAsync_SecondsTimestamps_ReadBackAsMilliseconds()
    {
        var schema = new Schema { { "t", ColumnType.Timestamp(TimeUnit.Second) } };
        var path = Path.Combine(_dir, "seconds.parquet");
        var builder = new RecordBatchBuilder(schema, 2);
        builder.Append(new Dictionary<string, object?> { ["t"] = 1_700_000_000L });
        builder.Append(new Dictionary<string, object?> { ["t"] = null });
        var sink = new ParquetSink(path);
        await sink.OpenAsync(schema);
        await sink.WriteAsync(builder.Build());
        await sink.CloseAsync();

        var (readSchema, rows) = await ReadAll(path);

        readSchema[0].Type.ShouldBe(ColumnType.Timestamp(TimeUnit.Millisecond));
        rows[0][0].ShouldBe(1_700_000_000_000L);
        rows[1][0].ShouldBeNull();
    }

    [Fact]
    public void Parse_UnknownCompression_ThrowsNamingIt()
    {
        Should.Throw<ArgumentException>(() => ParquetSinkOptions.Parse("compression=lz4")).Message.ShouldContain("lz4");
        ParquetSinkOptions.Parse("?compression=zstd").Compression.ShouldBe(ParquetCompression.Zstd);
    }

    internal static long UnitNanos(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => 1_000_000_000,
        TimeUnit.Millisecond => 1_000_000,
        TimeUnit.Microsecond => 1_000,
        _ => 1,
    };

    internal static async Task<(Schema Schema, List<object?[]> Rows)> ReadAll(string path)
    {
        var source = new ParquetSource(path);
        var rows = new List<object?[]>();
        await foreach (var batch in source.ReadAsync(new SourceContext(source.Schema, batchSize: 50)))
        {
            for (var i = 0; i < batch.Length; i++)
            {
                rows.Add(batch.Columns.Select(c => c.GetValue(i)).ToArray());
            }
        }

        return (source.Schema, rows);
    }

    internal static RecordBatch Build(Schema schema, IEnumerable<object?[]> rows)
    {
        var list = rows.ToList();
        var builder = new RecordBatchBuilder(schema, list.Count);
        foreach (var row in list)
        {
            builder.Append(schema.Select((f, i) => (f.Name, row[i])).ToDictionary(p => p.Name, p => p.Item2));
        }

        return builder.Build();
    }

    private static async Task WriteAll(string path, Schema schema, List<object?[]> rows, string query)
    {
        var sink = new ParquetSink(path, ParquetSinkOptions.Parse(query));
        await sink.OpenAsync(schema);

        // Batches of uneven sizes, so row groups and pages are cut inside batches.
        for (var start = 0; start < rows.Count; start += 53)
        {
            await sink.WriteAsync(Build(schema, rows.Skip(start).Take(53)));
        }

        await sink.CloseAsync();
    }
}
