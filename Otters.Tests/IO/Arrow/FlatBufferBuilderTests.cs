using Otters.IO.Arrow.FlatBuffers;

namespace Otters.Tests.IO.Arrow;

public class FlatBufferBuilderTests
{
    // A test table: 0 long, 1 int, 2 short, 3 byte, 4 string, 5 vector of tables, 6 vector of 16-byte structs.
    private static byte[] BuildSample(int childCount, string text)
    {
        var builder = new FlatBufferBuilder(16);
        var children = new int[childCount];
        for (var i = 0; i < childCount; i++)
        {
            var name = builder.CreateString($"child {i}");
            builder.StartTable(2);
            builder.AddOffset(0, name);
            builder.AddInt32(1, i * 10, 0);
            children[i] = builder.EndTable();
        }

        var vector = builder.CreateOffsetVector(children);
        builder.StartVector(16, 3, 8);
        for (var i = 2; i >= 0; i--)
        {
            builder.PutInt64(-i);
            builder.PutInt64(i * 1000L);
        }

        var structs = builder.EndVector();
        var str = builder.CreateString(text);
        builder.StartTable(7);
        builder.AddInt64(0, long.MinValue, 0);
        builder.AddOffset(4, str);
        builder.AddInt32(1, 123456, 0);
        builder.AddOffset(5, vector);
        builder.AddInt16(2, -2, 0);
        builder.AddByte(3, 7, 0);
        builder.AddOffset(6, structs);
        return builder.Finish(builder.EndTable()).ToArray();
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "héllo ✓")]
    [InlineData(40, "a longer string that makes the builder grow its buffer several times")]
    public void Finish_TableWithEveryFieldKind_ReadsBack(int childCount, string text)
    {
        var bytes = BuildSample(childCount, text);

        (bytes.Length % 8).ShouldBe(0);
        var table = FlatBufferTable.GetRoot(bytes, "sample");
        table.GetInt64(0, 0).ShouldBe(long.MinValue);
        table.GetInt32(1, 0).ShouldBe(123456);
        table.GetInt16(2, 0).ShouldBe((short)-2);
        table.GetByte(3, 0).ShouldBe((byte)7);
        table.GetString(4, "text").ShouldBe(text);
        table.GetVectorLength(5, 4, "children").ShouldBe(childCount);
        for (var i = 0; i < childCount; i++)
        {
            var child = table.GetTableElement(5, i, "child");
            child.GetString(0, "name").ShouldBe($"child {i}");
            child.GetInt32(1, -1).ShouldBe(i == 0 ? -1 : i * 10);
        }

        var structs = table.GetVectorBytes(6, 16, "structs");
        structs.Length.ShouldBe(48);
        for (var i = 0; i < 3; i++)
        {
            BitConverter.ToInt64(structs.Slice(i * 16, 8)).ShouldBe(i * 1000L);
            BitConverter.ToInt64(structs.Slice((i * 16) + 8, 8)).ShouldBe(-i);
        }
    }

    [Fact]
    public void AddScalar_EqualToDefault_IsOmitted()
    {
        var builder = new FlatBufferBuilder();
        builder.StartTable(3);
        builder.AddInt32(0, 5, 5);
        builder.AddInt64(2, 9, 0);
        var bytes = builder.Finish(builder.EndTable()).ToArray();

        var table = FlatBufferTable.GetRoot(bytes, "t");
        table.Has(0).ShouldBeFalse();
        table.GetInt32(0, 5).ShouldBe(5);
        table.Has(1).ShouldBeFalse();
        table.GetInt64(2, 0).ShouldBe(9);
        table.Has(30).ShouldBeFalse();
        table.GetString(1, "absent").ShouldBeNull();
        table.GetVectorLength(1, 4, "absent").ShouldBe(0);
        table.TryGetTable(1, "absent", out _).ShouldBeFalse();
    }

    [Fact]
    public void GetTableElement_IndexPastEnd_ThrowsInvalidData()
    {
        var bytes = BuildSample(2, "x");

        Should.Throw<InvalidDataException>(() => FlatBufferTable.GetRoot(bytes, "t").GetTableElement(5, 2, "child"));
    }
}
