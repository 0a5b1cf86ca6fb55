using Otters.Stages;

namespace Otters;

/// <summary>
/// A stage that transforms whole record batches, e.g. a column kernel. Mark subclasses with
/// <see cref="StageAttribute"/> so pipelines can find them by name. A stage instance serves one
/// pipeline node and sees its batches one at a time, in order, so it may keep state between them.
/// </summary>
public abstract class BatchStage
{
    /// <summary>Initializes the stage, named after its <see cref="StageAttribute"/> or its type.</summary>
    protected BatchStage()
    {
        Name = StageNames.Of(GetType());
    }

    /// <summary>Gets or sets the stage's name in messages and <c>Describe()</c>.</summary>
    public string Name { get; set; }

    /// <summary>
    /// Checks the input schema and returns the output schema, before any data flows. Throw a
    /// <see cref="SchemaException"/> naming this stage and the column when the input does not fit.
    /// </summary>
    /// <param name="input">The schema of the batches this stage will receive.</param>
    /// <returns>The schema of the batches it will produce; by default the input's.</returns>
    public virtual Schema Bind(Schema input) => input;

    /// <summary>Transforms one batch. Must not change <paramref name="batch"/>; return a new one (sharing columns is fine).</summary>
    /// <param name="batch">The input batch, of the schema given to <see cref="Bind"/>.</param>
    /// <returns>The output batch, of the schema <see cref="Bind"/> returned.</returns>
    public abstract RecordBatch Process(RecordBatch batch);
}
