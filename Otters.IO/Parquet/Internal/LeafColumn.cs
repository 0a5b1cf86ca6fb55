using Otters.IO.Parquet.Format;

namespace Otters.IO.Parquet.Internal;

/// <summary>One leaf (column) of a flat Parquet schema and the Otters column it is read into.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Ordinal">The leaf's position among the file's leaves, which is its chunk's index in every row group.</param>
/// <param name="Physical">The physical type.</param>
/// <param name="TypeLength">The byte length of FIXED_LEN_BYTE_ARRAY values.</param>
/// <param name="MaxDefinitionLevel">1 for an optional column, 0 for a required one.</param>
/// <param name="Type">The Otters column type.</param>
/// <param name="Conversion">How physical values become column values.</param>
internal sealed record LeafColumn(
    string Name,
    int Ordinal,
    PhysicalType Physical,
    int TypeLength,
    int MaxDefinitionLevel,
    ColumnType Type,
    ValueConversion Conversion);
