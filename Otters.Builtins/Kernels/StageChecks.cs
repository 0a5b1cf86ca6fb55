namespace Otters.Kernels;

/// <summary>The schema checks every builtin makes in Bind; each error names the stage and the column.</summary>
internal static class StageChecks
{
    /// <summary>Returns the index of a numeric input column, or throws.</summary>
    /// <param name="stage">The stage's name.</param>
    /// <param name="input">The input schema.</param>
    /// <param name="column">The column.</param>
    /// <returns>The column index.</returns>
    public static int Numeric(string stage, Schema input, string column)
    {
        var index = input.IndexOf(column);
        if (index < 0)
        {
            throw SchemaException.MissingColumn(stage, column, input);
        }

        return input[index].Type.IsNumeric ? index : throw SchemaException.NotNumeric(stage, input[index]);
    }

    /// <summary>Returns the index of the key column, or -1 without one; throws when it is missing or cannot be a key.</summary>
    /// <param name="stage">The stage's name.</param>
    /// <param name="input">The input schema.</param>
    /// <param name="by">The key column, or null.</param>
    /// <returns>The column index or -1.</returns>
    public static int Key(string stage, Schema input, string? by)
    {
        if (by is null)
        {
            return -1;
        }

        var index = input.IndexOf(by);
        if (index < 0)
        {
            throw SchemaException.MissingColumn(stage, by, input);
        }

        var kind = input[index].Type.Kind;
        return kind is ColumnKind.String or ColumnKind.Int64 or ColumnKind.Int32 or ColumnKind.Timestamp
            ? index
            : throw new SchemaException($"Stage '{stage}' keys by column '{by}', which is {input[index].Type}; a key must be a string, int64, int32 or timestamp column.");
    }

    /// <summary>Returns the input schema with the output column appended, or throws when the input already has it.</summary>
    /// <param name="stage">The stage's name.</param>
    /// <param name="input">The input schema.</param>
    /// <param name="output">The output column.</param>
    /// <returns>The output schema.</returns>
    public static Schema Output(string stage, Schema input, Field output) =>
        input.Contains(output.Name)
            ? throw new SchemaException($"Stage '{stage}' writes column '{output.Name}', which its input already has; give the stage another output name.")
            : input.Append(output);

    /// <summary>Throws when a window, span or period count is below 1.</summary>
    /// <param name="value">The value.</param>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The value.</returns>
    public static int AtLeastOne(int value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        return value;
    }

    /// <summary>Throws a SchemaException when a window, span or period count is below 1 (a stage built from configuration).</summary>
    /// <param name="stage">The stage's name.</param>
    /// <param name="column">The column the stage reads.</param>
    /// <param name="value">The value.</param>
    /// <param name="name">The parameter's name.</param>
    public static void Positive(string stage, string column, int value, string name)
    {
        if (value < 1)
        {
            throw new SchemaException($"Stage '{stage}' on column '{column}' has {name} {value}; it must be at least 1.");
        }
    }
}
