namespace Otters.IO.Parquet.Format;

/// <summary>The unit of a TIMESTAMP or TIME logical type.</summary>
internal enum ParquetTimeUnit
{
    Millis = 1,
    Micros = 2,
    Nanos = 3,
}
