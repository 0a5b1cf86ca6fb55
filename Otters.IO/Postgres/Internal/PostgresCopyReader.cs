using Npgsql;
using NpgsqlTypes;

namespace Otters.IO.Postgres;

/// <summary>A column of a query's result: its name and internal type name (domains resolved to their base type).</summary>
/// <param name="Name">The column name.</param>
/// <param name="TypeName">The internal type name, e.g. <c>float8</c>.</param>
/// <param name="DisplayType">The type as PostgreSQL shows it, for messages.</param>
internal sealed record PostgresResultColumn(string Name, string TypeName, string DisplayType);

/// <summary>Reads a binary COPY out into column builders, one result column at a time.</summary>
internal sealed class PostgresCopyReader
{
    private readonly Slot[] _slots;
    private readonly ColumnBuilder[] _builders;
    private readonly Schema _schema;

    /// <summary>Initializes a reader mapping result columns onto <paramref name="schema"/>.</summary>
    /// <param name="what">The table or query, for messages.</param>
    /// <param name="result">The result's columns, in order.</param>
    /// <param name="schema">The schema the batches must have.</param>
    /// <param name="capacity">The rows per batch.</param>
    /// <exception cref="SchemaException">A schema column is missing from the result or has an incompatible type.</exception>
    public PostgresCopyReader(string what, IReadOnlyList<PostgresResultColumn> result, Schema schema, int capacity)
    {
        _schema = schema;
        _builders = schema.Select(f => ColumnBuilder.Create(f.Type, capacity)).ToArray();
        _slots = new Slot[result.Count];
        var mapped = new bool[schema.Count];
        for (var i = 0; i < result.Count; i++)
        {
            var target = schema.IndexOf(result[i].Name);
            if (target < 0)
            {
                var folded = schema.Select((f, index) => (f, index)).Where(x => string.Equals(x.f.Name, result[i].Name, StringComparison.OrdinalIgnoreCase)).ToArray();
                target = folded.Length == 1 && !result.Any(r => r.Name == folded[0].f.Name) ? folded[0].index : -1;
            }

            if (target < 0 || mapped[target])
            {
                continue;
            }

            var field = schema[target];
            if (!PostgresTypes.TryGetReadKind(result[i].TypeName, field.Type, out var kind))
            {
                throw new SchemaException(
                    $"Column '{result[i].Name}' of PostgreSQL {what} is {result[i].DisplayType}, which cannot be read as the schema's {field.Type} column '{field.Name}'; cast it in a query.");
            }

            mapped[target] = true;
            _slots[i] = new Slot(kind, target, field.Type.Unit);
        }

        for (var t = 0; t < schema.Count; t++)
        {
            if (!mapped[t])
            {
                throw new SchemaException(
                    $"PostgreSQL {what} returns no column '{schema[t].Name}' for the schema's {schema[t].Type} column (result columns: {string.Join(", ", result.Select(r => $"{r.Name} {r.DisplayType}"))}).");
            }
        }
    }

    /// <summary>Gets the rows read since the last batch was taken.</summary>
    public int Length => _builders.Length == 0 ? 0 : _builders[0].Length;

    /// <summary>Reads one row from the exporter.</summary>
    /// <param name="exporter">The exporter, positioned at the row's first column.</param>
    /// <param name="cancellationToken">Aborts the read.</param>
    /// <returns>A task completing when the row is read.</returns>
    public async ValueTask ReadRowAsync(NpgsqlBinaryExporter exporter, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var slot = _slots[i];
            if (slot.Kind == CopyReadKind.Skip)
            {
                await exporter.SkipAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var builder = _builders[slot.Target];
            if (exporter.IsNull)
            {
                await exporter.SkipAsync(cancellationToken).ConfigureAwait(false);
                builder.AppendNull();
                continue;
            }

            switch (slot.Kind)
            {
                case CopyReadKind.Text:
                    ((StringColumnBuilder)builder).Append(await exporter.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false));
                    break;
                case CopyReadKind.Float8:
                    ((PrimitiveColumnBuilder<double>)builder).Append(await exporter.ReadAsync<double>(NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false));
                    break;
                case CopyReadKind.Float4:
                    ((PrimitiveColumnBuilder<double>)builder).Append(await exporter.ReadAsync<float>(NpgsqlDbType.Real, cancellationToken).ConfigureAwait(false));
                    break;
                case CopyReadKind.Numeric:
                    ((PrimitiveColumnBuilder<double>)builder).Append((double)await exporter.ReadAsync<decimal>(NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false));
                    break;
                case CopyReadKind.Int8:
                    ((PrimitiveColumnBuilder<long>)builder).Append(await exporter.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false));
                    break;
                case CopyReadKind.Int4:
                    AppendInteger(builder, await exporter.ReadAsync<int>(NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false));
                    break;
                case CopyReadKind.Int2:
                    AppendInteger(builder, await exporter.ReadAsync<short>(NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false));
                    break;
                case CopyReadKind.Bool:
                    ((BooleanColumnBuilder)builder).Append(await exporter.ReadAsync<bool>(NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false));
                    break;
                case CopyReadKind.TimestampTz:
                    AppendTimestamp(builder, slot.Unit, await exporter.ReadAsync<long>(NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false));
                    break;
                case CopyReadKind.Timestamp:
                    AppendTimestamp(builder, slot.Unit, await exporter.ReadAsync<long>(NpgsqlDbType.Timestamp, cancellationToken).ConfigureAwait(false));
                    break;
                default:
                    var days = await exporter.ReadAsync<int>(NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                    AppendTimestamp(builder, slot.Unit, days * 86_400_000_000L);
                    break;
            }
        }
    }

    /// <summary>Hands the rows read so far to a batch and starts over.</summary>
    /// <returns>The batch.</returns>
    public RecordBatch TakeBatch() => new(_schema, _builders.Select(b => b.Build()).ToArray());

    private static void AppendInteger(ColumnBuilder builder, int value)
    {
        if (builder is PrimitiveColumnBuilder<long> int64)
        {
            int64.Append(value);
        }
        else
        {
            ((PrimitiveColumnBuilder<int>)builder).Append(value);
        }
    }

    private static void AppendTimestamp(ColumnBuilder builder, TimeUnit unit, long postgresMicros) =>
        ((PrimitiveColumnBuilder<long>)builder).Append(PostgresTypes.FromPostgresMicros(postgresMicros, unit));

    private readonly record struct Slot(CopyReadKind Kind, int Target, TimeUnit Unit);
}
