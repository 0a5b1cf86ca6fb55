namespace Otters;

/// <summary>What a pipeline does with a record that does not fit its schema.</summary>
public enum BadRecordPolicy
{
    /// <summary>End the run with a <see cref="BadRecordException"/> naming the source, location and field.</summary>
    Fail,

    /// <summary>Drop the record and count it.</summary>
    Skip,

    /// <summary>Write the record to the dead-letter sink set with <c>Pipeline.DeadLetter</c>, and count it.</summary>
    DeadLetter,
}
