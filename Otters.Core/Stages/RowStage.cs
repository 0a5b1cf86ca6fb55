using Otters.Stages;

namespace Otters;

/// <summary>
/// A stage that sees one row at a time: change or add fields and return the row, return another row,
/// or return null to drop it. Mark subclasses with <see cref="StageAttribute"/>.
/// </summary>
public abstract class RowStage
{
    /// <summary>Initializes the stage, named after its <see cref="StageAttribute"/> or its type.</summary>
    protected RowStage()
    {
        Name = StageNames.Of(GetType());
    }

    /// <summary>Gets or sets the stage's name in messages and <c>Describe()</c>.</summary>
    public string Name { get; set; }

    /// <summary>
    /// Gets the fields this stage adds, when declared; null lets the pipeline infer them from the values
    /// the first rows set (double -> float64, long or int -> int64, bool, string, DateTime -> timestamp[us]).
    /// </summary>
    public virtual Schema? Adds => null;

    /// <summary>Processes one row.</summary>
    /// <param name="row">The row; it may be changed and returned.</param>
    /// <returns>The output row, or null to drop it.</returns>
    public abstract Row? Process(Row row);
}
