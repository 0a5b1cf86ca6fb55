using Otters.Rows;

namespace Otters.Sinks;

/// <summary>Calls a user function for every row written: <see cref="Action{Row}"/> or <c>Func&lt;Row, ValueTask&gt;</c>.</summary>
internal sealed class RowCallbackSink : ISink
{
    private readonly Action<Row>? _action;
    private readonly Func<Row, ValueTask>? _asyncAction;
    private readonly string _description;

    public RowCallbackSink(Action<Row> action, string description)
    {
        _action = action;
        _description = description;
    }

    public RowCallbackSink(Func<Row, ValueTask> action, string description)
    {
        _asyncAction = action;
        _description = description;
    }

    public string Describe() => _description;

    public ValueTask OpenAsync(Schema schema, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        var set = new RowSet(batch);
        for (var i = 0; i < batch.Length; i++)
        {
            var row = new Row(set, i);
            if (_action is not null)
            {
                _action(row);
            }
            else
            {
                await _asyncAction!(row).ConfigureAwait(false);
            }
        }
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
