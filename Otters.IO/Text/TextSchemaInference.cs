using System.Globalization;

namespace Otters.IO.Text;

/// <summary>
/// Infers a column type from sample text values: int64 when every value is an integer, float64 when every
/// value is a number, bool for true/false, timestamp[us] for ISO 8601 date-times, else string. Empty values
/// say nothing; a column of only empty values is a string.
/// </summary>
internal sealed class TextSchemaInference
{
    private const int Int = 1, Float = 2, Bool = 4, Time = 8;
    private readonly int[] _candidates;
    private readonly bool[] _seen;

    public TextSchemaInference(int columns)
    {
        _candidates = Enumerable.Repeat(Int | Float | Bool | Time, columns).ToArray();
        _seen = new bool[columns];
    }

    public void Observe(int column, ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        _seen[column] = true;
        var c = _candidates[column];
        if ((c & Int) != 0 && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            c &= ~Int;
        }

        if ((c & Float) != 0 && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            c &= ~Float;
        }

        if ((c & Bool) != 0 && !(System.Text.Ascii.EqualsIgnoreCase(text, "true"u8) || System.Text.Ascii.EqualsIgnoreCase(text, "false"u8)))
        {
            c &= ~Bool;
        }

        if ((c & Time) != 0 && !Iso8601.TryParse(text, TimeUnit.Microsecond, out _))
        {
            c &= ~Time;
        }

        _candidates[column] = c;
    }

    public ColumnType TypeOf(int column)
    {
        var c = _candidates[column];
        return !_seen[column] ? ColumnType.String
            : (c & Int) != 0 ? ColumnType.Int64
            : (c & Float) != 0 ? ColumnType.Float64
            : (c & Bool) != 0 ? ColumnType.Boolean
            : (c & Time) != 0 ? ColumnType.Timestamp(TimeUnit.Microsecond)
            : ColumnType.String;
    }
}
