using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Otters.IO.Kafka;

/// <summary>
/// Parses JSON objects straight into the column builders of a schema, one object per row, with no
/// allocation per row: fields match columns by name, unknown fields are skipped, missing ones are null.
/// A row that does not fit is rolled back whole and its error kept for the bad-record report.
/// The column named <c>key</c>, when the schema has one, takes the Kafka message key instead of a field.
/// </summary>
internal sealed partial class JsonRowDecoder
{
    /// <summary>The column that holds the message key, when the schema declares it.</summary>
    public const string KeyColumnName = "key";

    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = 64 };

    private readonly Schema _schema;
    private readonly ColumnBuilder[] _builders;
    private readonly byte[][] _names;
    private readonly int _keyColumn;
    private readonly bool[] _seen;
    private readonly int[] _seenOrder;
    private int _seenCount;
    private int _nextColumn;
    private int _rowsWithoutColumns;
    private byte[] _scratch = new byte[256];

    /// <summary>Initializes a decoder for rows of <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema of the rows.</param>
    /// <param name="capacity">The rows per batch to make room for.</param>
    public JsonRowDecoder(Schema schema, int capacity)
    {
        _schema = schema;
        _builders = schema.Select(f => ColumnBuilder.Create(f.Type, capacity)).ToArray();
        _names = schema.Select(f => Encoding.UTF8.GetBytes(f.Name)).ToArray();
        _keyColumn = schema.IndexOf(KeyColumnName);
        _seen = new bool[schema.Count];
        _seenOrder = new int[schema.Count];
    }

    /// <summary>Gets the rows decoded since the last <see cref="Build"/>.</summary>
    public int Length => _builders.Length == 0 ? _rowsWithoutColumns : _builders[0].Length;

    /// <summary>Gets why the last <see cref="TryAppend"/> failed.</summary>
    public string? LastError { get; private set; }

    /// <summary>Appends one row from a message: its key (for the <c>key</c> column) and its JSON value.</summary>
    /// <param name="key">The message key.</param>
    /// <param name="keyIsNull">Whether the message has no key.</param>
    /// <param name="value">The message value, a JSON object.</param>
    /// <param name="valueIsNull">Whether the message has no value (a tombstone).</param>
    /// <returns>True when the row was appended; false (with <see cref="LastError"/> set and nothing appended) when it does not fit.</returns>
    public bool TryAppend(ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull)
    {
        LastError = null;
        var ok = valueIsNull
            ? Fail("the message has no value (expected a JSON object)")
            : TryReadObject(value) && TryAppendKey(key, keyIsNull);
        if (!ok)
        {
            Rollback();
            return false;
        }

        for (var i = 0; i < _builders.Length; i++)
        {
            if (!_seen[i])
            {
                _builders[i].AppendNull();
            }
        }

        ResetSeen();
        if (_builders.Length == 0)
        {
            _rowsWithoutColumns++;
        }

        return true;
    }

    /// <summary>Hands the decoded rows to a batch and starts over.</summary>
    /// <returns>The batch.</returns>
    public RecordBatch Build()
    {
        var columns = new Column[_builders.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = _builders[i].Build();
        }

        _rowsWithoutColumns = 0;
        return RecordBatch.CreateUnchecked(_schema, columns);
    }

    private bool TryReadObject(ReadOnlySpan<byte> value)
    {
        if (value.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Fail("the value is empty (expected a JSON object)");
        }

        var reader = new Utf8JsonReader(value, s_readerOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail($"the value is a JSON {Describe(reader.TokenType)}, not an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = FindColumn(ref reader);
                reader.Read();
                if (column < 0 || column == _keyColumn)
                {
                    reader.Skip();
                    continue;
                }

                if (_seen[column])
                {
                    return Fail($"field '{_schema[column].Name}' appears twice");
                }

                if (!TryAppendValue(column, ref reader))
                {
                    return false;
                }

                MarkSeen(column);
            }

            // One more read rejects anything after the object ("{} x" or a second value).
            if (reader.Read())
            {
                return Fail("the value has more after its JSON object");
            }

            return true;
        }
        catch (JsonException ex)
        {
            return Fail($"the value is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            return Fail($"the value is not valid JSON: {ex.Message}");
        }
    }

    private bool TryAppendKey(ReadOnlySpan<byte> key, bool keyIsNull)
    {
        if (_keyColumn < 0)
        {
            return true;
        }

        var builder = _builders[_keyColumn];
        if (keyIsNull)
        {
            builder.AppendNull();
        }
        else if (builder is StringColumnBuilder strings)
        {
            if (!System.Text.Unicode.Utf8.IsValid(key))
            {
                return Fail("the message key is not valid UTF-8 text");
            }

            strings.Append(key);
        }
        else
        {
            // A typed key column reads the key's text as a JSON scalar: 42, 1.5, true, "2024-01-02T03:04:05Z".
            var reader = new Utf8JsonReader(key, s_readerOptions);
            try
            {
                if (!reader.Read() || reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray || !TryAppendValue(_keyColumn, ref reader, isKey: true))
                {
                    LastError ??= $"the message key '{Encoding.UTF8.GetString(key)}' is not a {_schema[_keyColumn].Type} value";
                    return false;
                }
            }
            catch (JsonException)
            {
                return Fail($"the message key '{Encoding.UTF8.GetString(key)}' is not a {_schema[_keyColumn].Type} value");
            }
        }

        MarkSeen(_keyColumn);
        return true;
    }

    private int FindColumn(ref Utf8JsonReader reader)
    {
        // Producers usually write fields in one order, so the column after the last match is tried first.
        var names = _names;
        var start = _nextColumn;
        for (var n = 0; n < names.Length; n++)
        {
            var i = start + n;
            if (i >= names.Length)
            {
                i -= names.Length;
            }

            if (reader.ValueTextEquals(names[i]))
            {
                _nextColumn = i + 1 == names.Length ? 0 : i + 1;
                return i;
            }
        }

        return -1;
    }

    private void MarkSeen(int column)
    {
        _seen[column] = true;
        _seenOrder[_seenCount++] = column;
    }

    private void ResetSeen()
    {
        for (var i = 0; i < _seenCount; i++)
        {
            _seen[_seenOrder[i]] = false;
        }

        _seenCount = 0;
    }

    private void Rollback()
    {
        for (var i = 0; i < _seenCount; i++)
        {
            _builders[_seenOrder[i]].RemoveLast();
        }

        ResetSeen();
    }

    [MemberNotNull(nameof(LastError))]
    private bool Fail(string error)
    {
        LastError = error;
        return false;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
