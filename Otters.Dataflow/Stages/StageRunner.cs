namespace Otters.Stages;

/// <summary>Drives one kind of stage inside a pipeline node: binds its schema and processes batches.</summary>
internal abstract class StageRunner
{
    /// <summary>Gets the stage's name.</summary>
    public abstract string Name { get; }

    /// <summary>Gets a value indicating whether <see cref="ProcessAsync"/> may complete asynchronously.</summary>
    public virtual bool IsAsync => false;

    /// <summary>Binds the stage to its input schema; <paramref name="inputOpen"/> says more columns may appear at run time.</summary>
    /// <returns>The output schema, and whether it may still grow at run time.</returns>
    public abstract (Schema Schema, bool Open) Bind(Schema input, bool inputOpen);

    /// <summary>Processes one batch synchronously.</summary>
    public abstract RecordBatch Process(RecordBatch batch);

    /// <summary>Processes one batch; by default calls <see cref="Process"/>.</summary>
    public virtual ValueTask<RecordBatch> ProcessAsync(RecordBatch batch) => new(Process(batch));

    /// <summary>Describes the stage's implementation for <c>Describe()</c>.</summary>
    public abstract string Describe();
}
