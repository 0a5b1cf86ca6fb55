using System.Text.Json;
using Otters.IO.Text;

namespace Otters.IO.Json;

/// <summary>
/// Writes a finite double as a JSON number in its shortest round-trip form with a point on integral values
/// (<c>203.0</c>, as pandas and Polars write them), so a reader that guesses types reads a float column back as
/// floats; Utf8JsonWriter's own <c>203</c> came back as integers. The digits are the CSV sink's: .NET's text
/// for a few powers of two (2^-25 among them) parses back to the double below.
/// </summary>
internal static class JsonDoubles
{
    /// <summary>Writes a finite value as the next JSON value.</summary>
    /// <param name="writer">The writer, positioned for a value.</param>
    /// <param name="value">A finite double.</param>
    public static void Write(Utf8JsonWriter writer, double value)
    {
        Span<byte> text = stackalloc byte[ShortestDouble.MaxFormattedLength];
        ShortestDouble.TryFormat(value, text, out var written, pointOnIntegers: true);
        writer.WriteRawValue(text[..written], skipInputValidation: true);
    }
}
