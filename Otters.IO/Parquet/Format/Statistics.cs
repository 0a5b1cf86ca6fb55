using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>Column chunk or page statistics: min/max as PLAIN-encoded values and the null count.</summary>
internal sealed class Statistics
{
    /// <summary>Gets or sets the deprecated signed-order max (field 1), kept for old readers.</summary>
    public byte[]? Max { get; set; }

    /// <summary>Gets or sets the deprecated signed-order min (field 2), kept for old readers.</summary>
    public byte[]? Min { get; set; }

    public long? NullCount { get; set; }

    public long? DistinctCount { get; set; }

    public byte[]? MaxValue { get; set; }

    public byte[]? MinValue { get; set; }

    public static Statistics Read(ref ThriftCompactReader r)
    {
        var s = new Statistics();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1: s.Max = r.ReadBinaryArray(type, "Statistics.max"); break;
                case 2: s.Min = r.ReadBinaryArray(type, "Statistics.min"); break;
                case 3: s.NullCount = r.ReadI64(type, "Statistics.null_count"); break;
                case 4: s.DistinctCount = r.ReadI64(type, "Statistics.distinct_count"); break;
                case 5: s.MaxValue = r.ReadBinaryArray(type, "Statistics.max_value"); break;
                case 6: s.MinValue = r.ReadBinaryArray(type, "Statistics.min_value"); break;
                default: r.Skip(type); break;
            }
        }

        return s;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        if (Max is not null)
        {
            w.WriteBinaryField(1, Max, ref last);
        }

        if (Min is not null)
        {
            w.WriteBinaryField(2, Min, ref last);
        }

        if (NullCount is { } nulls)
        {
            w.WriteI64Field(3, nulls, ref last);
        }

        if (DistinctCount is { } distinct)
        {
            w.WriteI64Field(4, distinct, ref last);
        }

        if (MaxValue is not null)
        {
            w.WriteBinaryField(5, MaxValue, ref last);
        }

        if (MinValue is not null)
        {
            w.WriteBinaryField(6, MinValue, ref last);
        }

        w.WriteStop();
    }
}
