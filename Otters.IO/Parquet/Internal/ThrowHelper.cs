using System.Diagnostics.CodeAnalysis;

namespace Otters.IO.Parquet.Internal;

/// <summary>Throws from hot paths through small non-inlined helpers so the callers stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Format(string message) => throw new ParquetFormatException(message);

    [DoesNotReturn]
    public static T Format<T>(string message) => throw new ParquetFormatException(message);

    [DoesNotReturn]
    public static void Truncated(string what, int needed, int remaining) =>
        throw new ParquetFormatException($"The {what} needs {needed} more bytes but only {remaining} remain.");
}
