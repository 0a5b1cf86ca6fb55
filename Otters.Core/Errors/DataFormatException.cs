namespace Otters;

/// <summary>A file or message is malformed: truncated, corrupted or not of the format its name says.</summary>
public sealed class DataFormatException : OttersException
{
    /// <summary>Initializes the exception.</summary>
    public DataFormatException()
    {
    }

    /// <summary>Initializes the exception with a message naming the file and what is wrong.</summary>
    /// <param name="message">The message.</param>
    public DataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DataFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes the exception for a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="problem">What is wrong, as a sentence.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DataFormatException(string? path, string problem, Exception? innerException = null)
        : base(path is null ? problem : $"'{path}' is not a valid file: {problem}", innerException)
    {
        Path = path;
    }

    /// <summary>Gets the malformed file, when known.</summary>
    public string? Path { get; }
}
