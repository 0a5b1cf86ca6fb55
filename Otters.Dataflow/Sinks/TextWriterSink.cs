using System.Globalization;
using System.Text;
using Otters.Conversion;

namespace Otters.Sinks;

/// <summary>Prints rows to a <see cref="TextWriter"/> such as <see cref="Console.Out"/>: a header, then one comma-separated line per row.</summary>
internal sealed class TextWriterSink(TextWriter writer) : ISink
{
    private readonly StringBuilder _line = new();

    public string Describe() => ReferenceEquals(writer, Console.Out) ? "console" : "text writer";

    public async ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default) =>
        await writer.WriteLineAsync(string.Join(",", schema.Names)).ConfigureAwait(false);

    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < batch.Length; i++)
        {
            _line.Clear();
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                if (c > 0)
                {
                    _line.Append(',');
                }

                Format(_line, batch.Schema[c].Type, batch.Column(c).GetValue(i));
            }

            await writer.WriteLineAsync(_line, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken = default) =>
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);

    private static void Format(StringBuilder sb, ColumnType type, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case long l when type.Kind == ColumnKind.Timestamp:
                sb.Append(ValueCoercion.ToDateTimeOffset(l, type.Unit).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case IFormattable f:
                sb.Append(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append(value);
                break;
        }
    }
}
