namespace Otters;

/// <summary>
/// Marks a <see cref="RowStage"/> or <see cref="BatchStage"/> subclass as a stage that pipelines can
/// find by <see cref="Name"/> (from configuration, or <c>Pipeline.Stage("name")</c>).
/// </summary>
/// <param name="name">The stage's name, unique among stages.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StageAttribute(string name) : Attribute
{
    /// <summary>Gets the stage's name.</summary>
    public string Name { get; } = name;
}
