using Otters.Conversion;

namespace Otters.Rows;

/// <summary>
/// Turns the rows a row stage returned back into a batch. Columns no row changed are passed on as they
/// are (or gathered, when rows were dropped); only changed and added fields go through objects. The
/// output schema is the input's plus the declared or inferred added fields, fixed by the first batch
/// that has rows.
/// </summary>
internal sealed class RowBatchWriter
{
    private readonly string _stage;
    private readonly Schema? _declaredAdds;
    private Schema? _input;
    private Schema? _output;

    public RowBatchWriter(string stage, Schema? declaredAdds)
    {
        _stage = stage;
        _declaredAdds = declaredAdds;
    }

    /// <summary>Gets the output schema known before data flows: the input plus the declared fields, and whether more may be inferred.</summary>
    public (Schema Schema, bool Open) Describe(Schema input)
    {
        var schema = _declaredAdds is null ? input : Merge(input, _declaredAdds);
        return (schema, _declaredAdds is null);
    }

    public RecordBatch Write(RowSet set, List<Row> kept)
    {
        var input = set.Batch!.Schema;
        if (_output is null || !ReferenceEquals(_input, input) && !input.Equals(_input))
        {
            if (kept.Count == 0)
            {
                return RecordBatch.Empty(Describe(input).Schema);
            }

            _input = input;
            _output = InferOutput(input, set, kept);
        }

        var output = _output;
        var foreign = false;
        foreach (var row in kept)
        {
            if (!ReferenceEquals(row.Set, set))
            {
                foreign = true;
                break;
            }
        }

        CheckNoUnknownFields(set, output);
        var identity = !foreign && kept.Count == set.Batch.Length && IsIdentity(kept);
        int[]? indices = null;
        var columns = new Column[output.Count];
        for (var c = 0; c < output.Count; c++)
        {
            var field = output[c];
            var slot = set.SlotOf(field.Name);
            if (!foreign && slot >= 0 && slot < set.BatchColumns && !set.IsModified(slot) && set.Batch.Schema[slot].Type == field.Type)
            {
                if (identity)
                {
                    columns[c] = set.Batch.Column(slot);
                }
                else
                {
                    indices ??= kept.Select(r => r.Index).ToArray();
                    columns[c] = set.Batch.Column(slot).Take(indices);
                }

                continue;
            }

            columns[c] = BuildColumn(field, kept);
        }

        return RecordBatch.CreateUnchecked(output, columns);
    }

    private Column BuildColumn(Field field, List<Row> kept)
    {
        var builder = ColumnBuilder.Create(field.Type, kept.Count);
        for (var i = 0; i < kept.Count; i++)
        {
            var row = kept[i];
            var slot = row.Set.SlotOf(field.Name);
            var value = slot < 0 ? null : row.GetSlot(slot);
            try
            {
                builder.AppendValue(value);
            }
            catch (InvalidCastException ex)
            {
                var where = row.Set.Batch is not null ? $"row {row.Index} of its batch" : "a row it created";
                throw new StageException(_stage, $"Stage '{_stage}' set field '{field.Name}' on {where} to a value that does not fit the column: {ex.Message}.", ex);
            }
        }

        return builder.Build();
    }

    private Schema InferOutput(Schema input, RowSet set, List<Row> kept)
    {
        var fields = Describe(input).Schema.ToList();
        var names = new HashSet<string>(fields.Select(f => f.Name), StringComparer.Ordinal);
        foreach (var name in EnumerateNames(set, kept))
        {
            if (names.Add(name))
            {
                fields.Add(new Field(name, InferType(name, kept)));
            }
        }

        return new Schema(fields);
    }

    private static IEnumerable<string> EnumerateNames(RowSet set, List<Row> kept)
    {
        foreach (var name in set.Names)
        {
            yield return name;
        }

        RowSet? last = set;
        foreach (var row in kept)
        {
            if (!ReferenceEquals(row.Set, last))
            {
                last = row.Set;
                foreach (var name in row.Names)
                {
                    yield return name;
                }
            }
        }
    }

    private ColumnType InferType(string name, List<Row> kept)
    {
        foreach (var row in kept)
        {
            var slot = row.Set.SlotOf(name);
            var value = slot < 0 ? null : row.GetSlot(slot);
            switch (value)
            {
                case null: continue;
                case double or float or decimal: return ColumnType.Float64;
                case long or int or short or byte or sbyte or ushort or uint: return ColumnType.Int64;
                case bool: return ColumnType.Boolean;
                case string or char: return ColumnType.String;
                case DateTime or DateTimeOffset or DateOnly: return ColumnType.Timestamp(TimeUnit.Microsecond);
                default:
                    throw new StageException(_stage, $"Stage '{_stage}' set field '{name}' to {ValueCoercion.Describe(value)}, which no column type holds; use double, long, int, bool, string or DateTime.", null);
            }
        }

        // Only nulls so far: a float64 column holds them, and a declared schema avoids the guess.
        return ColumnType.Float64;
    }

    private void CheckNoUnknownFields(RowSet set, Schema output)
    {
        foreach (var name in set.Names)
        {
            if (!output.Contains(name))
            {
                throw new StageException(_stage, $"Stage '{_stage}' set field '{name}', which earlier rows did not set, so its column is not in the stage's output ({output}); declare the fields a stage adds.", null);
            }
        }
    }

    private static bool IsIdentity(List<Row> kept)
    {
        for (var i = 0; i < kept.Count; i++)
        {
            if (kept[i].Index != i)
            {
                return false;
            }
        }

        return true;
    }

    private static Schema Merge(Schema input, Schema adds)
    {
        var fields = input.ToList();
        foreach (var field in adds)
        {
            var existing = fields.FindIndex(f => f.Name == field.Name);
            if (existing >= 0)
            {
                fields[existing] = field;
            }
            else
            {
                fields.Add(field);
            }
        }

        return new Schema(fields);
    }
}
