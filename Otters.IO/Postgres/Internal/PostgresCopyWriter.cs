using System.Buffers;
using Npgsql;
using NpgsqlTypes;

namespace Otters.IO.Postgres;

/// <summary>
/// Writes a batch's rows into a binary COPY straight from the column buffers: typed
/// <see cref="NpgsqlBinaryImporter.Write{T}(T, NpgsqlDbType)"/> calls, no boxing, and strings sent as
/// their UTF-8 bytes (no string per value).
/// </summary>
/// <remarks>
/// The importer's synchronous writes are used on purpose: values come from spans, which cannot live
/// across an await, and the importer only blocks when its 8 KB buffer goes to the socket.
/// </remarks>
internal static class PostgresCopyWriter
{
    private const int CancellationCheckInterval = 4096;

    /// <summary>Writes every row of <paramref name="batch"/>.</summary>
    /// <param name="importer">The started COPY.</param>
    /// <param name="batch">The batch.</param>
    /// <param name="columns">The column mapping.</param>
    /// <param name="cancellationToken">Checked every few thousand rows.</param>
    public static void Write(NpgsqlBinaryImporter importer, RecordBatch batch, CopyColumn[] columns, CancellationToken cancellationToken)
    {
        var cursors = new Cursor[columns.Length];
        try
        {
            for (var c = 0; c < columns.Length; c++)
            {
                cursors[c] = new Cursor(columns[c], batch.Column(columns[c].SchemaIndex));
            }

            var rows = batch.Length;
            for (var i = 0; i < rows; i++)
            {
                if (i % CancellationCheckInterval == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                importer.StartRow();
                for (var c = 0; c < cursors.Length; c++)
                {
                    WriteValue(importer, ref cursors[c], i);
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                if (cursor.TextData is not null)
                {
                    ArrayPool<byte>.Shared.Return(cursor.TextData);
                }
            }
        }
    }

    private static void WriteValue(NpgsqlBinaryImporter importer, ref Cursor cursor, int row)
    {
        if (cursor.Column.NullCount > 0 && cursor.Column.IsNull(row))
        {
            importer.WriteNull();
            return;
        }

        switch (cursor.Kind)
        {
            case CopyWriteKind.Text:
                var offsets = cursor.Text!.Offsets;
                var start = offsets[row];
                importer.Write(new ReadOnlyMemory<byte>(cursor.TextData, start, offsets[row + 1] - start), NpgsqlDbType.Text);
                break;
            case CopyWriteKind.Float8:
                importer.Write(cursor.Float64!.Values[row], NpgsqlDbType.Double);
                break;
            case CopyWriteKind.Int8:
                importer.Write(cursor.Int64!.Values[row], NpgsqlDbType.Bigint);
                break;
            case CopyWriteKind.Int4:
                importer.Write(cursor.Int32!.Values[row], NpgsqlDbType.Integer);
                break;
            case CopyWriteKind.Int4AsInt8:
                importer.Write((long)cursor.Int32!.Values[row], NpgsqlDbType.Bigint);
                break;
            case CopyWriteKind.Bool:
                importer.Write(cursor.Boolean!.GetBoolean(row), NpgsqlDbType.Boolean);
                break;
            case CopyWriteKind.TimestampTz:
                importer.Write(PostgresTypes.ToPostgresMicros(cursor.Int64!.Values[row], cursor.Unit), NpgsqlDbType.TimestampTz);
                break;
            default:
                importer.Write(PostgresTypes.ToPostgresMicros(cursor.Int64!.Values[row], cursor.Unit), NpgsqlDbType.Timestamp);
                break;
        }
    }

    /// <summary>A column cast once per batch to its concrete type.</summary>
    private struct Cursor
    {
        public Cursor(CopyColumn column, Column values)
        {
            Kind = column.Kind;
            Unit = column.Unit;
            Column = values;
            Float64 = values as PrimitiveColumn<double>;
            Int64 = values as PrimitiveColumn<long>;
            Int32 = values as PrimitiveColumn<int>;
            Boolean = values as BooleanColumn;
            Text = values as StringColumn;
            if (Text is not null)
            {
                // Npgsql takes text as ReadOnlyMemory<byte>; one copy of the batch's UTF-8 bytes serves every row.
                var data = Text.Data;
                TextData = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, 1));
                data.CopyTo(TextData);
            }
        }

        public CopyWriteKind Kind { get; }

        public TimeUnit Unit { get; }

        public Column Column { get; }

        public PrimitiveColumn<double>? Float64 { get; }

        public PrimitiveColumn<long>? Int64 { get; }

        public PrimitiveColumn<int>? Int32 { get; }

        public BooleanColumn? Boolean { get; }

        public StringColumn? Text { get; }

        public byte[]? TextData { get; }
    }
}
