namespace Otters.IO.Parquet.Internal;

/// <summary>
/// A malformed Parquet byte sequence found by the decoding layers, which do not know the file name;
/// the source catches it and rethrows it as a <c>DataFormatException</c> that names the file.
/// </summary>
internal sealed class ParquetFormatException : Exception
{
    public ParquetFormatException(string message)
        : base(message)
    {
    }

    public ParquetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ParquetFormatException()
    {
    }
}
