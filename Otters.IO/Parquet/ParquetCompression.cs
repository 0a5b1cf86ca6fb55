namespace Otters;

/// <summary>The page compression codec a <see cref="ParquetSink"/> writes.</summary>
public enum ParquetCompression
{
    /// <summary>Pages are stored as they are.</summary>
    None,

    /// <summary>Snappy: fast, moderate ratio; what most engines write by default.</summary>
    Snappy,

    /// <summary>gzip: slow, good ratio, readable everywhere.</summary>
    Gzip,

    /// <summary>zstd (level 3): a better ratio than Snappy at similar read speed.</summary>
    Zstd,
}
