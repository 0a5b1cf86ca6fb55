namespace Otters.Stages;

/// <summary>The stage behind <c>Pipeline.Merge</c>: passes every batch of every input on unchanged.</summary>
internal sealed class MergeRunner(string name) : StageRunner
{
    public override string Name => name;

    public override (Schema Schema, bool Open) Bind(Schema input, bool inputOpen) => (input, inputOpen);

    public override RecordBatch Process(RecordBatch batch) => batch;

    public override string Describe() => "merge";
}
