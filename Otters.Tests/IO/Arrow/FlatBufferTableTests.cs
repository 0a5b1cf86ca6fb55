using System.Buffers.Binary;
using Otters.IO.Arrow.FlatBuffers;

namespace Otters.Tests.IO.Arrow;

public class FlatBufferTableTests
{
    private static byte[] Sample()
    {
        var builder = new FlatBufferBuilder();
        var name = builder.CreateString("name");
        var vector = builder.CreateOffsetVector([name, name]);
        builder.StartTable(3);
        builder.AddOffset(0, name);
        builder.AddOffset(1, vector);
        builder.AddInt64(2, 42, 0);
        return builder.Finish(builder.EndTable()).ToArray();
    }

    // Reads everything the sample holds; any malformed input must surface as InvalidDataException.
    private static void ReadAll(byte[] bytes)
    {
        var table = FlatBufferTable.GetRoot(bytes, "t");
        _ = table.GetString(0, "name");
        _ = table.GetInt64(2, 0);
        var count = table.GetVectorLength(1, 4, "names");
        for (var i = 0; i < count; i++)
        {
            _ = table.GetTableElement(1, i, "element");
        }
    }

    [Fact]
    public void GetRoot_EmptyOrShortBuffer_ThrowsInvalidData()
    {
        Should.Throw<InvalidDataException>(() => FlatBufferTable.GetRoot([], "t"));
        Should.Throw<InvalidDataException>(() => FlatBufferTable.GetRoot([1, 0], "t"));
    }

    [Fact]
    public void GetRoot_RootOffsetPastEnd_ThrowsInvalidData()
    {
        var bytes = Sample();
        BinaryPrimitives.WriteInt32LittleEndian(bytes, bytes.Length + 100);

        Should.Throw<InvalidDataException>(() => FlatBufferTable.GetRoot(bytes, "t"));
    }

    [Fact]
    public void GetRoot_HugeVtableOffset_ThrowsInvalidData()
    {
        var bytes = Sample();
        var root = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(root), int.MinValue);

        Should.Throw<InvalidDataException>(() => FlatBufferTable.GetRoot(bytes, "t"));
    }

    [Fact]
    public void Truncated_AtEveryLength_ThrowsOnlyInvalidData()
    {
        var bytes = Sample();
        for (var length = 0; length < bytes.Length; length++)
        {
            var truncated = bytes.AsSpan(0, length).ToArray();
            try
            {
                ReadAll(truncated);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Fact]
    public void Mutated_EveryByteToEveryInterestingValue_ThrowsOnlyInvalidData()
    {
        var bytes = Sample();
        byte[] values = [0, 1, 0x7F, 0x80, 0xFF, 0xFE, 4, 8];
        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var value in values)
            {
                var mutated = (byte[])bytes.Clone();
                mutated[i] = value;
                try
                {
                    ReadAll(mutated);
                }
                catch (InvalidDataException)
                {
                }
            }
        }
    }
}
