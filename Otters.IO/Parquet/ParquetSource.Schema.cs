using Otters.IO.Parquet.Internal;

namespace Otters;

/// <summary>Matching a declared schema against the file's columns.</summary>
public sealed partial class ParquetSource
{
    private static bool Matches(Schema schema, LeafColumn[] columns)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            if (schema[i].Name != columns[i].Name || schema[i].Type != columns[i].Type)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns the file's columns in the declared order, or throws naming both schemas.</summary>
    private LeafColumn[] Resolve(Schema declared)
    {
        var result = new LeafColumn[declared.Count];
        for (var i = 0; i < declared.Count; i++)
        {
            var field = declared[i];
            var leaf = Array.Find(_leaves, l => l.Name == field.Name);
            if (leaf is null)
            {
                throw new SchemaException($"The declared schema ({declared}) does not match Parquet file '{_path}' ({Schema}): the file has no column '{field.Name}'.");
            }

            if (leaf.Type != field.Type)
            {
                throw new SchemaException($"The declared schema ({declared}) does not match Parquet file '{_path}' ({Schema}): column '{field.Name}' is {leaf.Type} in the file but declared {field.Type}.");
            }

            result[i] = leaf;
        }

        return result;
    }
}
