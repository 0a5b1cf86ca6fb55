using Otters.Rows;

namespace Otters.Stages;

/// <summary>
/// Runs a row function over each row of a batch. Rows read their batch lazily, and the batch writer
/// passes on every column no row changed, so only touched fields cost objects.
/// </summary>
internal sealed class RowStageRunner : StageRunner
{
    private readonly Func<Row, Row?>? _sync;
    private readonly Func<Row, ValueTask<Row?>>? _async;
    private readonly string _description;
    private readonly RowBatchWriter _writer;
    private long _rowsBefore;

    public RowStageRunner(string name, Func<Row, Row?> process, Schema? adds, string description)
        : this(name, adds, description)
    {
        _sync = process;
    }

    public RowStageRunner(string name, Func<Row, ValueTask<Row?>> process, Schema? adds, string description)
        : this(name, adds, description)
    {
        _async = process;
    }

    private RowStageRunner(string name, Schema? adds, string description)
    {
        Name = name;
        _description = description;
        _writer = new RowBatchWriter(name, adds);
    }

    public override string Name { get; }

    public override bool IsAsync => _async is not null;

    public override (Schema Schema, bool Open) Bind(Schema input, bool inputOpen)
    {
        var (schema, open) = _writer.Describe(input);
        return (schema, open || inputOpen);
    }

    public override RecordBatch Process(RecordBatch batch)
    {
        var set = new RowSet(batch);
        var kept = new List<Row>(batch.Length);
        for (var i = 0; i < batch.Length; i++)
        {
            var row = new Row(set, i);
            Row? result;
            try
            {
                result = _sync!(row);
            }
            catch (Exception ex)
            {
                throw RowFailed(batch, i, ex);
            }

            if (result is not null)
            {
                kept.Add(result);
            }
        }

        _rowsBefore += batch.Length;
        return _writer.Write(set, kept);
    }

    public override async ValueTask<RecordBatch> ProcessAsync(RecordBatch batch)
    {
        if (_async is null)
        {
            return Process(batch);
        }

        var set = new RowSet(batch);
        var kept = new List<Row>(batch.Length);
        for (var i = 0; i < batch.Length; i++)
        {
            var row = new Row(set, i);
            Row? result;
            try
            {
                result = await _async(row).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                throw RowFailed(batch, i, ex);
            }

            if (result is not null)
            {
                kept.Add(result);
            }
        }

        _rowsBefore += batch.Length;
        return _writer.Write(set, kept);
    }

    public override string Describe() => _description;

    private StageException RowFailed(RecordBatch batch, int index, Exception ex)
    {
        var row = new Row(new RowSet(batch), index);
        return new StageException(Name, $"Stage '{Name}' failed on row {_rowsBefore + index} {row}: {ex.Message}", ex);
    }
}
