namespace Otters.Kernels;

/// <summary>Reads numeric columns for kernels: values as double (integers widened), validity as flags.</summary>
internal static class ColumnInput
{
    /// <summary>Returns a column's values as doubles: a Float64 column's own buffer, else a widened copy in <paramref name="scratch"/>.</summary>
    /// <param name="column">A Float64, Int64 or Int32 column.</param>
    /// <param name="scratch">A reusable array, grown when needed.</param>
    /// <returns>The values.</returns>
    public static ReadOnlySpan<double> Doubles(Column column, ref double[] scratch)
    {
        switch (column)
        {
            case PrimitiveColumn<double> doubles:
                return doubles.Values;
            case PrimitiveColumn<long> longs:
            {
                var target = Scratch.Ensure(ref scratch, longs.Length);
                var source = longs.Values;
                for (var i = 0; i < source.Length; i++)
                {
                    target[i] = source[i];
                }

                return target;
            }

            case PrimitiveColumn<int> ints:
            {
                var target = Scratch.Ensure(ref scratch, ints.Length);
                var source = ints.Values;
                for (var i = 0; i < source.Length; i++)
                {
                    target[i] = source[i];
                }

                return target;
            }

            default:
                throw new ArgumentException($"A {column.Type} column is not numeric.", nameof(column));
        }
    }

    /// <summary>
    /// Writes one flag per row (1 = present) for one or two columns read as doubles, where a null or NaN
    /// is missing (pandas cannot tell them apart); returns an empty span when every row is present.
    /// </summary>
    /// <param name="first">The first column.</param>
    /// <param name="firstValues">Its values as doubles.</param>
    /// <param name="second">An optional second column; a row is present only when both are.</param>
    /// <param name="secondValues">Its values as doubles.</param>
    /// <param name="scratch">A reusable array for the flags.</param>
    /// <param name="spare">A reusable array for the second column's flags.</param>
    /// <returns>The flags, or empty.</returns>
    public static ReadOnlySpan<byte> Flags(Column first, ReadOnlySpan<double> firstValues, Column? second, ReadOnlySpan<double> secondValues, ref byte[] scratch, ref byte[] spare)
    {
        var n = first.Length;
        var firstNaN = first is PrimitiveColumn<double> && Validity.HasNaN(firstValues);
        var secondNaN = second is PrimitiveColumn<double> && Validity.HasNaN(secondValues);
        if (first.NullCount == 0 && !firstNaN && (second is null || (second.NullCount == 0 && !secondNaN)))
        {
            return default;
        }

        var flags = Scratch.Ensure(ref scratch, n);
        Validity.Unpack(first.Validity, flags);
        if (firstNaN)
        {
            Validity.ClearNaN(firstValues, flags);
        }

        if (second is not null)
        {
            var other = Scratch.Ensure(ref spare, n);
            Validity.Unpack(second.Validity, other);
            if (secondNaN)
            {
                Validity.ClearNaN(secondValues, other);
            }

            for (var i = 0; i < n; i++)
            {
                flags[i] &= other[i];
            }
        }

        return flags;
    }
}
