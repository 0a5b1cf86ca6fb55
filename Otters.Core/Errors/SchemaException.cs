namespace Otters;

/// <summary>A pipeline's schemas do not fit together; raised when the pipeline is built, before data flows.</summary>
public sealed class SchemaException : OttersException
{
    /// <summary>Initializes the exception.</summary>
    public SchemaException()
    {
    }

    /// <summary>Initializes the exception with a message naming the stage and column.</summary>
    /// <param name="message">The message.</param>
    public SchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SchemaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for a stage that reads a column its input does not have.</summary>
    /// <param name="stage">The stage's name.</param>
    /// <param name="column">The missing column.</param>
    /// <param name="input">The stage's input schema.</param>
    /// <returns>The exception.</returns>
    public static SchemaException MissingColumn(string stage, string column, Schema input) =>
        new($"Stage '{stage}' reads column '{column}', which its input does not have (input columns: {input}).");

    /// <summary>Creates the error for a stage that needs a numeric column.</summary>
    /// <param name="stage">The stage's name.</param>
    /// <param name="field">The non-numeric column.</param>
    /// <returns>The exception.</returns>
    public static SchemaException NotNumeric(string stage, Field field) =>
        new($"Stage '{stage}' needs a numeric column (float64, int64 or int32), but column '{field.Name}' is {field.Type}.");
}
