using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Otters.IO.Text;

namespace Otters.IO.Json;

/// <summary>
/// Parses one JSON object per line straight into the column builders of a batch, typed by the
/// schema: missing fields and JSON nulls become nulls, unknown fields are ignored. A line that does
/// not fit leaves the builders as they were and yields an error message.
/// </summary>
internal sealed class JsonRowParser : IDisposable
{
    private readonly Schema _schema;
    private readonly byte[][] _names;
    private readonly bool[] _seen;
    private byte[] _scratch = ArrayPool<byte>.Shared.Rent(256);
    private readonly RecordBatchBuilder _builder;

    /// <summary>Creates a parser that fills batches of <paramref name="schema"/> of about <paramref name="capacity"/> rows.</summary>
    public JsonRowParser(Schema schema, int capacity)
    {
        _schema = schema;
        _names = schema.Select(f => Encoding.UTF8.GetBytes(f.Name)).ToArray();
        _seen = new bool[schema.Count];
        _builder = new RecordBatchBuilder(schema, capacity);
    }

    /// <summary>Gets the number of rows parsed into the current batch.</summary>
    public int Length => _builder.Length;

    /// <summary>Builds the rows parsed so far into a batch and starts the next one.</summary>
    public RecordBatch Build() => _builder.Build();

    /// <summary>Appends the object on <paramref name="line"/>, or returns why it does not fit (the builders are then unchanged).</summary>
    public string? TryAppend(ReadOnlySpan<byte> line)
    {
        Array.Clear(_seen);

        // Utf8JsonReader passes unescaped string bytes through unchecked; one vectorized pass checks them all.
        if (!Utf8.IsValid(line))
        {
            return "The line is not valid UTF-8.";
        }

        string? error;
        try
        {
            error = Parse(line);
        }
        catch (JsonException ex)
        {
            error = $"The line is not valid JSON: {ex.Message}";
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader's typed getters throw this for malformed UTF-8 or escapes in a value.
            error = $"The line has an unreadable value: {ex.Message}";
        }

        if (error is not null)
        {
            Rollback();
            return error;
        }

        for (var i = 0; i < _seen.Length; i++)
        {
            if (!_seen[i])
            {
                _builder.Builder(i).AppendNull();
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = [];
    }

    private string? Parse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "The line is not a JSON object.";
        }

        var next = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = FindColumn(ref reader, next);
            reader.Read();
            if (column < 0)
            {
                reader.Skip();
                continue;
            }

            if (_seen[column])
            {
                return $"Field '{_schema[column].Name}' appears twice.";
            }

            var error = AppendValue(ref reader, line, column);
            if (error is not null)
            {
                return error;
            }

            _seen[column] = true;
            next = column + 1;
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return "The line holds more than one JSON object.";
        }

        return null;
    }

    // Fields usually come in schema order, so the expected column is tried first.
    private int FindColumn(ref Utf8JsonReader reader, int expected)
    {
        if (expected < _names.Length && reader.ValueTextEquals(_names[expected]))
        {
            return expected;
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (i != expected && reader.ValueTextEquals(_names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private string? AppendValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, int column)
    {
        var builder = _builder.Builder(column);
        if (reader.TokenType == JsonTokenType.Null)
        {
            builder.AppendNull();
            return null;
        }

        var type = _schema[column].Type;
        switch (type.Kind)
        {
            case ColumnKind.String:
                AppendString(ref reader, line, (StringColumnBuilder)builder);
                return null;
            case ColumnKind.Float64 when TryGetDouble(ref reader, out var d):
                ((PrimitiveColumnBuilder<double>)builder).Append(d);
                return null;
            case ColumnKind.Int64 when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var l):
                ((PrimitiveColumnBuilder<long>)builder).Append(l);
                return null;
            case ColumnKind.Int32 when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n):
                ((PrimitiveColumnBuilder<int>)builder).Append(n);
                return null;
            case ColumnKind.Boolean when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                ((BooleanColumnBuilder)builder).Append(reader.TokenType == JsonTokenType.True);
                return null;
            case ColumnKind.Timestamp when TryGetTimestamp(ref reader, type.Unit, out var t):
                ((PrimitiveColumnBuilder<long>)builder).Append(t);
                return null;
            default:
                return $"Field '{_schema[column].Name}' holds {Describe(ref reader, line)}, which is not a valid {type}.";
        }
    }

    private void AppendString(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, StringColumnBuilder builder)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when !reader.ValueIsEscaped:
                builder.Append(reader.ValueSpan);
                break;
            case JsonTokenType.String:
                builder.Append(Unescape(ref reader));
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                // A nested value is kept as its JSON text.
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                builder.Append(line[start..(int)reader.BytesConsumed]);
                break;
            default:
                // Numbers and booleans in a string column keep their JSON text.
                builder.Append(reader.ValueSpan);
                break;
        }
    }

    private bool TryGetDouble(ref Utf8JsonReader reader, out double value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetDouble(out value);
        }

        // The sink writes the values JSON numbers cannot hold as these strings.
        value = 0;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var text = reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan;
        if (text.SequenceEqual("NaN"u8))
        {
            value = double.NaN;
        }
        else if (text.SequenceEqual("Infinity"u8))
        {
            value = double.PositiveInfinity;
        }
        else if (text.SequenceEqual("-Infinity"u8))
        {
            value = double.NegativeInfinity;
        }
        else
        {
            return false;
        }

        return true;
    }

    private bool TryGetTimestamp(ref Utf8JsonReader reader, TimeUnit unit, out long value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out value);
        }

        value = 0;
        return reader.TokenType == JsonTokenType.String
            && Iso8601.TryParse(reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan, unit, out value);
    }

    private ReadOnlySpan<byte> Unescape(ref Utf8JsonReader reader)
    {
        // Unescaped text is never longer than its escaped form.
        if (_scratch.Length < reader.ValueSpan.Length)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        }

        var written = reader.CopyString(_scratch);
        return _scratch.AsSpan(0, written);
    }

    private static string Describe(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            return reader.TokenType == JsonTokenType.StartObject ? "an object" : "an array";
        }

        var end = Math.Min(line.Length, start + (reader.TokenType == JsonTokenType.String ? reader.ValueSpan.Length + 2 : reader.ValueSpan.Length));
        var text = line[start..end];
        return text.Length > 60 ? Encoding.UTF8.GetString(text[..60]) + "…" : Encoding.UTF8.GetString(text);
    }

    private void Rollback()
    {
        for (var i = 0; i < _seen.Length; i++)
        {
            if (_seen[i])
            {
                _builder.Builder(i).RemoveLast();
            }
        }
    }
}
