using System.Text;
using System.Text.Json;
using Otters.IO.Text;

namespace Otters.IO.Json;

/// <summary>
/// Infers a schema from a sample of JSON lines: columns in order of first appearance, each the
/// narrowest type that holds every sampled value — bool, int64, float64 (ints and floats mixed),
/// timestamp[us] (ISO 8601 strings), else string. A column seen only as null is a string column.
/// </summary>
internal sealed class JsonSchemaInference
{
    [Flags]
    private enum Seen
    {
        None = 0,
        Bool = 1,
        Integer = 2,
        Float = 4,
        Timestamp = 8,
        Text = 16,
    }

    private readonly List<string> _names = [];
    private readonly List<Seen> _seen = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Gets the number of lines that were JSON objects and were sampled.</summary>
    public int SampledRows { get; private set; }

    /// <summary>Adds the fields of one line; lines that are not JSON objects are left to the reader to report.</summary>
    public void Sample(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (!_index.TryGetValue(name, out var column))
                {
                    column = _names.Count;
                    _index.Add(name, column);
                    _names.Add(name);
                    _seen.Add(Seen.None);
                }

                _seen[column] |= Classify(ref reader);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            SampledRows++;
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Builds the inferred schema.</summary>
    public Schema Build()
    {
        var schema = new Schema();
        for (var i = 0; i < _names.Count; i++)
        {
            schema.Add(_names[i], _seen[i] switch
            {
                Seen.Bool => ColumnType.Boolean,
                Seen.Integer => ColumnType.Int64,
                Seen.Float or (Seen.Integer | Seen.Float) => ColumnType.Float64,
                Seen.Timestamp => ColumnType.Timestamp(TimeUnit.Microsecond),
                _ => ColumnType.String,
            });
        }

        return schema;
    }

    private static Seen Classify(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return Seen.None;
            case JsonTokenType.True or JsonTokenType.False:
                return Seen.Bool;
            case JsonTokenType.Number:
                return reader.TryGetInt64(out _) ? Seen.Integer : Seen.Float;
            case JsonTokenType.String:
                var text = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                if (Iso8601.TryParse(text, TimeUnit.Microsecond, out _))
                {
                    return Seen.Timestamp;
                }

                return text.SequenceEqual("NaN"u8) || text.SequenceEqual("Infinity"u8) || text.SequenceEqual("-Infinity"u8) ? Seen.Float : Seen.Text;
            default:
                return Seen.Text;
        }
    }
}
