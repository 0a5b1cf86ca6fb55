using Otters.IO.Parquet.Internal;

namespace Otters.IO.Parquet.Thrift;

/// <summary>Typed field reads that check the wire type against the one the struct definition expects.</summary>
internal ref partial struct ThriftCompactReader
{
    /// <summary>Reads elements of a list into a new array.</summary>
    public delegate T ElementReader<T>(ref ThriftCompactReader reader);

    public int ReadI32(ThriftType actual, string field)
    {
        Expect(actual, ThriftType.I32, field);
        return ReadI32();
    }

    public long ReadI64(ThriftType actual, string field)
    {
        Expect(actual, ThriftType.I64, field);
        return ReadI64();
    }

    public bool ReadBool(ThriftType actual, string field)
    {
        if (actual is not (ThriftType.BooleanTrue or ThriftType.BooleanFalse))
        {
            ThrowWrongType(actual, ThriftType.BooleanTrue, field);
        }

        return actual == ThriftType.BooleanTrue;
    }

    public string ReadString(ThriftType actual, string field)
    {
        Expect(actual, ThriftType.Binary, field);
        return ReadString();
    }

    public byte[] ReadBinaryArray(ThriftType actual, string field)
    {
        Expect(actual, ThriftType.Binary, field);
        return ReadBinaryArray();
    }

    public T ReadStruct<T>(ThriftType actual, string field, ElementReader<T> read)
    {
        Expect(actual, ThriftType.Struct, field);
        EnterStruct();
        var value = read(ref this);
        ExitStruct();
        return value;
    }

    public T[] ReadList<T>(ThriftType actual, string field, ThriftType elementType, ElementReader<T> read)
    {
        Expect(actual, ThriftType.List, field);
        var count = ReadListHeader(out var wireElementType);
        if (count > 0 && wireElementType != elementType)
        {
            ThrowWrongType(wireElementType, elementType, field + " element");
        }

        EnterStruct();
        var items = new T[count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = read(ref this);
        }

        ExitStruct();
        return items;
    }

    public int[] ReadI32List(ThriftType actual, string field) =>
        ReadList(actual, field, ThriftType.I32, static (ref ThriftCompactReader r) => r.ReadI32());

    public string[] ReadStringList(ThriftType actual, string field) =>
        ReadList(actual, field, ThriftType.Binary, static (ref ThriftCompactReader r) => r.ReadString());

    /// <summary>Fails when a required field was absent from a struct.</summary>
    public static void Require(bool present, string field)
    {
        if (!present)
        {
            ThrowHelper.Format($"The Thrift metadata lacks the required field {field}.");
        }
    }

    private static void Expect(ThriftType actual, ThriftType expected, string field)
    {
        if (actual != expected)
        {
            ThrowWrongType(actual, expected, field);
        }
    }

    private static void ThrowWrongType(ThriftType actual, ThriftType expected, string field) =>
        ThrowHelper.Format($"The Thrift metadata field {field} has wire type {actual} where {expected} was expected.");
}
