using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Format;

/// <summary>A key/value metadata entry of a file or column chunk.</summary>
internal sealed class KeyValue
{
    public string Key { get; set; } = "";

    public string? Value { get; set; }

    public static KeyValue Read(ref ThriftCompactReader r)
    {
        var kv = new KeyValue();
        var hasKey = false;
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var type, out var id))
        {
            switch (id)
            {
                case 1: kv.Key = r.ReadString(type, "KeyValue.key"); hasKey = true; break;
                case 2: kv.Value = r.ReadString(type, "KeyValue.value"); break;
                default: r.Skip(type); break;
            }
        }

        ThriftCompactReader.Require(hasKey, "KeyValue.key");
        return kv;
    }

    public void Write(ThriftCompactWriter w)
    {
        short last = 0;
        w.WriteStringField(1, Key, ref last);
        if (Value is not null)
        {
            w.WriteStringField(2, Value, ref last);
        }

        w.WriteStop();
    }
}
