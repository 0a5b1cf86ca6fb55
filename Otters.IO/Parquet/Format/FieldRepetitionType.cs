namespace Otters.IO.Parquet.Format;

/// <summary>Whether a schema field is required, optional or repeated.</summary>
internal enum FieldRepetitionType
{
    Required = 0,
    Optional = 1,
    Repeated = 2,
}
