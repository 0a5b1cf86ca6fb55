namespace Otters;

/// <summary>A stage failed while the pipeline ran; the message names the stage and, for row stages, the row.</summary>
public sealed class StageException : OttersException
{
    /// <summary>Initializes the exception.</summary>
    public StageException()
    {
    }

    /// <summary>Initializes the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public StageException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes the exception for a stage.</summary>
    /// <param name="stage">The stage's name.</param>
    /// <param name="message">The message, naming the stage.</param>
    /// <param name="innerException">The cause.</param>
    public StageException(string stage, string message, Exception? innerException)
        : base(message, innerException)
    {
        Stage = stage;
    }

    /// <summary>Gets the failing stage's name.</summary>
    public string? Stage { get; }
}
