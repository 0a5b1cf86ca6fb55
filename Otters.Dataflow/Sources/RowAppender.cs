using Otters.Conversion;

namespace Otters.Sources;

/// <summary>Appends dictionaries or objects to a batch builder; a record that does not fit goes to the bad-record policy.</summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed class RowAppender<T>
{
    private readonly SourceContext _context;
    private readonly RecordBatchBuilder _builder;
    private readonly ObjectBatchWriter<T>? _objects;
    private long _rowNumber;

    public RowAppender(SourceContext context)
    {
        _context = context;
        _builder = new RecordBatchBuilder(context.Schema, context.BatchSize);
        if (!typeof(IReadOnlyDictionary<string, object?>).IsAssignableFrom(typeof(T)) && !typeof(IDictionary<string, object?>).IsAssignableFrom(typeof(T)))
        {
            _objects = new ObjectBatchWriter<T>(context.Schema);
        }
    }

    public int Length => _builder.Length;

    public ValueTask AppendAsync(T item, CancellationToken cancellationToken)
    {
        _rowNumber++;
        try
        {
            if (_objects is not null)
            {
                _objects.Append(_builder, item);
            }
            else
            {
                _builder.Append(AsReadOnly(item));
            }

            return ValueTask.CompletedTask;
        }
        catch (InvalidCastException ex)
        {
            return _context.ReportBadRecordAsync(new BadRecord(_context.SourceName, $"row {_rowNumber}", ex.Message, Describe(item)), cancellationToken);
        }
        catch (NullReferenceException) when (item is null)
        {
            return _context.ReportBadRecordAsync(new BadRecord(_context.SourceName, $"row {_rowNumber}", "the record is null", null), cancellationToken);
        }
    }

    public ValueTask<RecordBatch> FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_builder.Build());
    }

    private static IReadOnlyDictionary<string, object?> AsReadOnly(T item) => item switch
    {
        IReadOnlyDictionary<string, object?> ro => ro,
        IDictionary<string, object?> d => d.AsReadOnly(),
        null => throw new InvalidCastException("the record is null"),
        _ => throw new InvalidCastException($"a {item.GetType().Name} is not a dictionary"),
    };

    private static string? Describe(T item) => item switch
    {
        null => null,
        IEnumerable<KeyValuePair<string, object?>> pairs => "{" + string.Join(", ", pairs.Select(kv => $"{kv.Key}={ValueCoercion.Describe(kv.Value)}")) + "}",
        _ => item.ToString(),
    };
}
