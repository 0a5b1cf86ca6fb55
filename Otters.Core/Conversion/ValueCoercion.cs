using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Otters.Conversion;

/// <summary>
/// The explicit conversions from CLR values into column values. Float64 takes double, float, any
/// integer and decimal; Int64 takes any integer type (ulong when it fits); Int32 takes int, short,
/// byte, sbyte, ushort, and long or uint when in range; Boolean takes bool; String takes string and
/// char; Timestamp takes DateTime (Local converted to UTC, Unspecified taken as UTC), DateTimeOffset,
/// DateOnly (midnight UTC) and long or int as a raw count in the column's unit. Nothing else converts:
/// a string is never parsed into a number here (file readers parse text themselves).
/// </summary>
internal static class ValueCoercion
{
    private static readonly DateTime s_epoch = DateTime.UnixEpoch;

    public static bool TryToDouble(object value, out double result)
    {
        switch (value)
        {
            case double d: result = d; return true;
            case float f: result = f; return true;
            case decimal m: result = (double)m; return true;
            case ulong ul: result = ul; return true;
        }

        var integer = TryToInt64(value, out var l);
        result = l;
        return integer;
    }

    public static bool TryToInt64(object value, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case int i: result = i; return true;
            case short s: result = s; return true;
            case byte b: result = b; return true;
            case sbyte sb: result = sb; return true;
            case ushort us: result = us; return true;
            case uint ui: result = ui; return true;
            case ulong ul when ul <= long.MaxValue: result = (long)ul; return true;
            default: result = 0; return false;
        }
    }

    public static bool TryToInt32(object value, out int result)
    {
        switch (value)
        {
            case int i: result = i; return true;
            case short s: result = s; return true;
            case byte b: result = b; return true;
            case sbyte sb: result = sb; return true;
            case ushort us: result = us; return true;
            case long l when l is >= int.MinValue and <= int.MaxValue: result = (int)l; return true;
            case uint ui when ui <= int.MaxValue: result = (int)ui; return true;
            default: result = 0; return false;
        }
    }

    public static bool TryToTimestamp(object value, TimeUnit unit, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case int i: result = i; return true;
            case DateTimeOffset dto: result = FromTicks(dto.UtcTicks - s_epoch.Ticks, unit); return true;
            case DateTime dt:
                var utc = dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt;
                result = FromTicks(utc.Ticks - s_epoch.Ticks, unit);
                return true;
            case DateOnly date:
                result = FromTicks(date.ToDateTime(TimeOnly.MinValue).Ticks - s_epoch.Ticks, unit);
                return true;
            default: result = 0; return false;
        }
    }

    /// <summary>Converts 100-ns ticks since the epoch into a count of <paramref name="unit"/>, flooring.</summary>
    public static long FromTicks(long ticksSinceEpoch, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => FloorDiv(ticksSinceEpoch, TimeSpan.TicksPerSecond),
        TimeUnit.Millisecond => FloorDiv(ticksSinceEpoch, TimeSpan.TicksPerMillisecond),
        TimeUnit.Microsecond => FloorDiv(ticksSinceEpoch, TimeSpan.TicksPerMicrosecond),
        _ => checked(ticksSinceEpoch * 100),
    };

    /// <summary>Converts a count of <paramref name="unit"/> since the epoch into 100-ns ticks since the epoch.</summary>
    public static long ToTicks(long count, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => checked(count * TimeSpan.TicksPerSecond),
        TimeUnit.Millisecond => checked(count * TimeSpan.TicksPerMillisecond),
        TimeUnit.Microsecond => checked(count * TimeSpan.TicksPerMicrosecond),
        _ => FloorDiv(count, 100),
    };

    /// <summary>Converts a timestamp count into a UTC <see cref="DateTimeOffset"/> (nanoseconds truncate to 100 ns).</summary>
    public static DateTimeOffset ToDateTimeOffset(long count, TimeUnit unit) =>
        new(s_epoch.Ticks + ToTicks(count, unit), TimeSpan.Zero);

    [DoesNotReturn]
    public static void ThrowDoesNotFit(ColumnType type, object value) =>
        throw new InvalidCastException(
            $"expected {type} but got {Describe(value)}");

    /// <summary>Describes a value for an error message: its text and CLR type.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"'{(s.Length > 64 ? s[..64] + "..." : s)}' (String)",
        IFormattable f => $"{f.ToString(null, CultureInfo.InvariantCulture)} ({value.GetType().Name})",
        _ => $"{value} ({value.GetType().Name})",
    };

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
