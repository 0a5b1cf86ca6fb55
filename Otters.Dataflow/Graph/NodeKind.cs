namespace Otters;

/// <summary>What a pipeline node does.</summary>
public enum NodeKind
{
    /// <summary>Produces batches.</summary>
    Source,

    /// <summary>Transforms batches.</summary>
    Stage,

    /// <summary>Writes batches.</summary>
    Sink,

    /// <summary>Writes the records a source could not read, under <see cref="BadRecordPolicy.DeadLetter"/>.</summary>
    DeadLetter,
}
