namespace Otters.Tests.IO.Postgres;

/// <summary>Tick batches for the PostgreSQL tests.</summary>
internal static class PostgresTestData
{
    /// <summary>2024-01-02T09:30:00Z in microseconds since the Unix epoch.</summary>
    public const long BaseMicros = 1_704_187_800_000_000;

    public static Schema TickSchema { get; } = new()
    {
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "volume", ColumnType.Int64 },
        { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
    };

    public static Schema KeyedSchema { get; } = new()
    {
        { "id", ColumnType.Int64 },
        { "symbol", ColumnType.String },
        { "price", ColumnType.Float64 },
        { "timestamp", ColumnType.Timestamp(TimeUnit.Microsecond) },
    };

    private static readonly string[] s_symbols = ["AAPL", "MSFT", "Ünïcødé €", ""];

    /// <summary>Ticks numbered from <paramref name="start"/>; every 7th symbol, 5th price and 11th timestamp is null when asked.</summary>
    public static RecordBatch Ticks(int start, int count, bool withNulls = false)
    {
        var builder = new RecordBatchBuilder(TickSchema, count);
        var symbol = (StringColumnBuilder)builder.Builder(0);
        var price = (PrimitiveColumnBuilder<double>)builder.Builder(1);
        var volume = (PrimitiveColumnBuilder<long>)builder.Builder(2);
        var timestamp = (PrimitiveColumnBuilder<long>)builder.Builder(3);
        for (var i = start; i < start + count; i++)
        {
            if (withNulls && i % 7 == 3)
            {
                symbol.AppendNull();
            }
            else
            {
                symbol.Append(s_symbols[i % s_symbols.Length]);
            }

            if (withNulls && i % 5 == 1)
            {
                price.AppendNull();
            }
            else
            {
                price.Append(100.25 + (i * 0.5));
            }

            volume.Append(i * 10L);
            if (withNulls && i % 11 == 2)
            {
                timestamp.AppendNull();
            }
            else
            {
                timestamp.Append(BaseMicros + (i * 1_000_001L));
            }
        }

        return builder.Build();
    }

    /// <summary>Keyed rows with ids [start, start + count); the price is <paramref name="version"/> + id.</summary>
    public static RecordBatch Keyed(long start, int count, double version = 0)
    {
        var builder = new RecordBatchBuilder(KeyedSchema, count);
        var id = (PrimitiveColumnBuilder<long>)builder.Builder(0);
        var symbol = (StringColumnBuilder)builder.Builder(1);
        var price = (PrimitiveColumnBuilder<double>)builder.Builder(2);
        var timestamp = (PrimitiveColumnBuilder<long>)builder.Builder(3);
        for (var i = start; i < start + count; i++)
        {
            id.Append(i);
            symbol.Append(s_symbols[i % s_symbols.Length]);
            price.Append(version + i);
            timestamp.Append(BaseMicros + i);
        }

        return builder.Build();
    }

    /// <summary>Reads every batch of a source into one list of rows of boxed values.</summary>
    public static async Task<List<object?[]>> ReadAllAsync(ISource source, Schema schema, int batchSize = 1000)
    {
        var rows = new List<object?[]>();
        await foreach (var batch in source.ReadAsync(new SourceContext(schema, batchSize: batchSize)))
        {
            batch.Schema.ShouldBe(schema);
            for (var r = 0; r < batch.Length; r++)
            {
                rows.Add(batch.Columns.Select(c => c.GetValue(r)).ToArray());
            }
        }

        return rows;
    }

    /// <summary>Turns a batch into rows of boxed values.</summary>
    public static List<object?[]> RowsOf(RecordBatch batch) =>
        Enumerable.Range(0, batch.Length).Select(r => batch.Columns.Select(c => c.GetValue(r)).ToArray()).ToList();
}
