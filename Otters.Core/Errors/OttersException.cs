namespace Otters;

/// <summary>The base of the errors Otters raises about pipelines and data.</summary>
public class OttersException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public OttersException()
    {
    }

    /// <summary>Initializes the exception with a message.</summary>
    /// <param name="message">A whole sentence naming what is wrong.</param>
    public OttersException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a message and its cause.</summary>
    /// <param name="message">A whole sentence naming what is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OttersException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
