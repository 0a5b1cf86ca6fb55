namespace Otters.Stages;

/// <summary>Runs a <see cref="BatchStage"/>, binding it again when the input schema is only known at run time.</summary>
internal sealed class BatchStageRunner(BatchStage stage) : StageRunner
{
    private Schema? _boundInput;
    private Schema? _output;

    public override string Name => stage.Name;

    public override (Schema Schema, bool Open) Bind(Schema input, bool inputOpen)
    {
        try
        {
            _output = stage.Bind(input);
            _boundInput = input;
            return (_output, inputOpen);
        }
        catch (SchemaException) when (inputOpen)
        {
            // The upstream row stage infers its added fields from data; bind again on the first batch.
            _boundInput = null;
            return (input, true);
        }
    }

    public override RecordBatch Process(RecordBatch batch)
    {
        if (_boundInput is null || !ReferenceEquals(batch.Schema, _boundInput) && !batch.Schema.Equals(_boundInput))
        {
            _output = stage.Bind(batch.Schema);
            _boundInput = batch.Schema;
        }

        RecordBatch result;
        try
        {
            result = stage.Process(batch);
        }
        catch (Exception ex) when (ex is not OttersException)
        {
            throw new StageException(stage.Name, $"Stage '{stage.Name}' failed on a batch of {batch.Length} rows: {ex.Message}", ex);
        }

        if (result is null)
        {
            throw new StageException(stage.Name, $"Stage '{stage.Name}' returned no batch; return the input batch to pass it on unchanged.", null);
        }

        return result;
    }

    public override string Describe() => stage.GetType().Name;
}
