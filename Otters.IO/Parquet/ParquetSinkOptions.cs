namespace Otters;

/// <summary>How a <see cref="ParquetSink"/> cuts and encodes the file.</summary>
public sealed class ParquetSinkOptions
{
    /// <summary>Gets or sets the page compression codec.</summary>
    /// <value>The default is <see cref="ParquetCompression.Snappy"/>.</value>
    public ParquetCompression Compression { get; set; } = ParquetCompression.Snappy;

    /// <summary>Gets or sets the most rows a row group holds.</summary>
    /// <value>The default is 1,048,576.</value>
    public int RowGroupRows { get; set; } = 1 << 20;

    /// <summary>Gets or sets the most uncompressed bytes a row group buffers before it is written.</summary>
    /// <value>The default is 128 MiB.</value>
    public long RowGroupBytes { get; set; } = 128L << 20;

    /// <summary>Gets or sets the uncompressed size at which a data page is cut.</summary>
    /// <value>The default is 1 MiB.</value>
    public int PageBytes { get; set; } = 1 << 20;

    /// <summary>Gets or sets a value indicating whether string columns are dictionary-encoded when that pays (few distinct values).</summary>
    /// <value>The default is true.</value>
    public bool Dictionary { get; set; } = true;

    /// <summary>Parses a query string such as <c>compression=zstd&amp;row_group_rows=100000</c>.</summary>
    /// <param name="query">The query, with or without the leading '?'.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">A key or value is not understood.</exception>
    public static ParquetSinkOptions Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var options = new ParquetSinkOptions();
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = parts[0].ToLowerInvariant();
            var value = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
            switch (key)
            {
                case "compression" or "codec":
                    options.Compression = value.ToLowerInvariant() switch
                    {
                        "none" or "uncompressed" => ParquetCompression.None,
                        "snappy" => ParquetCompression.Snappy,
                        "gzip" => ParquetCompression.Gzip,
                        "zstd" => ParquetCompression.Zstd,
                        _ => throw new ArgumentException($"The Parquet compression '{value}' is not one of none, snappy, gzip or zstd.", nameof(query)),
                    };
                    break;
                case "row_group_rows":
                    options.RowGroupRows = ParsePositive(key, value);
                    break;
                case "page_bytes":
                    options.PageBytes = ParsePositive(key, value);
                    break;
                case "dictionary":
                    options.Dictionary = value is "true" or "1" or "yes" ? true : value is "false" or "0" or "no" ? false
                        : throw new ArgumentException($"The Parquet option dictionary={value} must be true or false.", nameof(query));
                    break;
                default:
                    throw new ArgumentException($"The Parquet sink option '{key}' is not known; use compression, row_group_rows, page_bytes or dictionary.", nameof(query));
            }
        }

        return options;
    }

    /// <summary>Returns a copy, so later edits to this instance do not reach a sink already made.</summary>
    /// <returns>The copy.</returns>
    public ParquetSinkOptions Clone() => (ParquetSinkOptions)MemberwiseClone();

    internal void Validate()
    {
        if (RowGroupRows < 1 || RowGroupBytes < 1 || PageBytes < 1)
        {
            throw new ArgumentException($"Parquet sink options need positive sizes, got RowGroupRows={RowGroupRows}, RowGroupBytes={RowGroupBytes}, PageBytes={PageBytes}.");
        }

        if (!Enum.IsDefined(Compression))
        {
            throw new ArgumentException($"The Parquet compression {Compression} is not defined.");
        }
    }

    private static int ParsePositive(string key, string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"The Parquet option {key}={value} must be a positive integer.", nameof(value));
}
