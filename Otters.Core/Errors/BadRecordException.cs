namespace Otters;

/// <summary>A record does not fit the schema (a value of the wrong type, an unparsable field, a broken line).</summary>
public sealed class BadRecordException : OttersException
{
    /// <summary>Initializes the exception.</summary>
    public BadRecordException()
    {
    }

    /// <summary>Initializes the exception with a message naming the source, location and field.</summary>
    /// <param name="message">The message.</param>
    public BadRecordException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BadRecordException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes the exception from a bad record.</summary>
    /// <param name="record">The record.</param>
    public BadRecordException(BadRecord record)
        : base($"Bad record in {record.Source} at {record.Location}: {record.Error}")
    {
        Record = record;
    }

    /// <summary>Gets the bad record, when known.</summary>
    public BadRecord? Record { get; }
}
