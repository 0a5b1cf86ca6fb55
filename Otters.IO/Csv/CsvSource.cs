using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using Otters.IO.Text;

namespace Otters.IO.Csv;

/// <summary>
/// Reads a CSV file with a header row into batches typed by the schema, parsing each field from CsvHelper's
/// UTF-8 spans straight into the column builders (no string per numeric field). Empty fields are nulls; a
/// timestamp is ISO 8601 or an integer in its unit. Without a declared schema the header names the columns
/// and a sample of rows types them. A row that does not parse goes to the bad-record policy, named by file
/// and line.
/// </summary>
internal sealed class CsvSource : ISource
{
    private const int InferenceSampleRows = 1000;

    private readonly string _path;
    private readonly string[] _header;
    private readonly int[] _fieldOfColumn;

    public CsvSource(string path, Schema? declared)
    {
        _path = path;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The CSV file '{path}' does not exist.", path);
        }

        _header = ReadHeader(path);
        Schema = declared ?? Infer(path, _header.Length);
        _fieldOfColumn = new int[Schema.Count];
        for (var c = 0; c < Schema.Count; c++)
        {
            _fieldOfColumn[c] = Array.IndexOf(_header, Schema[c].Name);
            if (_fieldOfColumn[c] < 0)
            {
                throw new SchemaException($"The CSV file '{path}' has no column '{Schema[c].Name}': its header is ({string.Join(", ", _header)}) but the pipeline declares ({Schema}).");
            }
        }
    }

    public Schema Schema { get; }

    public string Describe() => $"csv {_path}";

    public async IAsyncEnumerable<RecordBatch> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var malformed = new Queue<CsvMalformedRecord>();
        var options = Options() with { MalformedData = CsvMalformedDataHandling.Skip, OnMalformedRecord = malformed.Enqueue };
        using var reader = CsvReader.Create(OpenFile(_path), options, leaveOpen: false);
        var builder = new RecordBatchBuilder(context.Schema, context.BatchSize);
        var columns = new ColumnSlot[_fieldOfColumn.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new ColumnSlot(_fieldOfColumn[c], builder.Builder(c));
        }

        var bad = new List<BadRecord>();
        var more = true;
        while (more)
        {
            cancellationToken.ThrowIfCancellationRequested();
            more = FillBatch(reader, columns, builder, context.BatchSize, malformed, bad);
            foreach (var record in bad)
            {
                await context.ReportBadRecordAsync(record, cancellationToken).ConfigureAwait(false);
            }

            bad.Clear();
            if (builder.Length >= context.BatchSize || (!more && builder.Length > 0))
            {
                yield return builder.Build();
            }
        }
    }

    /// <summary>
    /// Reads records into the builder until the batch is full, a bad record needs reporting, or the file ends
    /// (then returns false). Reads synchronously: the reader refills its 64 KiB buffer from the file only once
    /// every thousand-odd records, and an awaited read per record cost more than parsing the record did.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FillBatch(CsvReader reader, ColumnSlot[] columns, RecordBatchBuilder builder, int batchSize, Queue<CsvMalformedRecord> malformed, List<BadRecord> bad)
    {
        while (builder.Length < batchSize)
        {
            if (!reader.Read())
            {
                Drain(malformed, bad);
                return false;
            }

            if (malformed.Count > 0)
            {
                Drain(malformed, bad);
            }

            var error = AppendRow(reader, columns, builder);
            if (error is not null)
            {
                bad.Add(new BadRecord(_path, $"line {reader.LineNumber}", error, Encoding.UTF8.GetString(reader.RawRecord)));
            }

            if (bad.Count > 0)
            {
                break;
            }
        }

        return true;
    }

    private void Drain(Queue<CsvMalformedRecord> malformed, List<BadRecord> bad)
    {
        while (malformed.TryDequeue(out var record))
        {
            bad.Add(new BadRecord(_path, $"line {record.LineNumber}", $"the record is malformed ({record.Reason})", record.RawRecord));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? AppendRow(CsvReader reader, ColumnSlot[] columns, RecordBatchBuilder builder)
    {
        if (reader.FieldCount != _header.Length)
        {
            return $"the row has {reader.FieldCount} fields but the header has {_header.Length}";
        }

        for (var c = 0; c < columns.Length; c++)
        {
            var slot = columns[c];
            var field = reader.GetSpan(slot.Field);
            if (field.IsEmpty && slot.Builder is StringColumnBuilder strings && !reader.GetRawSpan(slot.Field).IsEmpty)
            {
                // A quoted empty field ("") is an empty string; only a bare empty field is a null.
                strings.Append(ReadOnlySpan<byte>.Empty);
                continue;
            }

            var error = FieldParser.TryAppend(slot.Builder, field);
            if (error is not null)
            {
                builder.Rollback(c);
                return $"column '{Schema[c].Name}' {error}";
            }
        }

        return null;
    }

    // The separator is a comma, as RFC 4180 says, not guessed from the first lines: the guess cost a fresh process
    // a few milliseconds of compiling, and a .csv file means commas.
    private static CsvReaderOptions Options() => new()
    {
        Separator = ',',
        HasHeader = true,
        TrackLineNumbers = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
    };

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);

    private static string[] ReadHeader(string path)
    {
        using var reader = CsvReader.Create(OpenFile(path), Options(), leaveOpen: false);
        string[] header;
        try
        {
            header = [.. reader.Headers];
        }
        catch (CsvFormatException ex)
        {
            throw new DataFormatException(path, $"the header row is malformed: {ex.Message}", ex);
        }

        if (header.Length == 0)
        {
            throw new DataFormatException(path, "the file is empty; a CSV file needs a header row naming its columns.");
        }

        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DataFormatException(path, $"the header names column '{duplicate.Key}' twice.");
        }

        return header;
    }

    private static Schema Infer(string path, int columns)
    {
        using var reader = CsvReader.Create(OpenFile(path), Options(), leaveOpen: false);
        var header = reader.Headers;
        var inference = new TextSchemaInference(columns);
        for (var rows = 0; rows < InferenceSampleRows && reader.Read(); rows++)
        {
            for (var f = 0; f < Math.Min(reader.FieldCount, columns); f++)
            {
                inference.Observe(f, reader.GetSpan(f));
            }
        }

        return new Schema(header.Select((name, i) => new Field(name, inference.TypeOf(i))));
    }

    /// <summary>A column's field index in the file and its builder, looked up once per read instead of per field.</summary>
    private readonly record struct ColumnSlot(int Field, ColumnBuilder Builder);
}
