using System.Runtime.CompilerServices;

namespace Otters.Tests.Core;

public sealed class ColumnBuilderTests
{
    [Fact]
    public void Build_WithNulls_MakesAnArrowValidityBitmapAndAlignedBuffers()
    {
        var builder = new PrimitiveColumnBuilder<double>(ColumnType.Float64, 4);
        for (var i = 0; i < 20; i++)
        {
            if (i % 3 == 0)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(i);
            }
        }

        var column = (PrimitiveColumn<double>)builder.Build();

        column.Length.ShouldBe(20);
        column.NullCount.ShouldBe(7);
        for (var i = 0; i < 20; i++)
        {
            column.IsNull(i).ShouldBe(i % 3 == 0);
            ((column.Validity[i >> 3] >> (i & 7)) & 1).ShouldBe(i % 3 == 0 ? 0 : 1);
            if (i % 3 != 0)
            {
                column.Values[i].ShouldBe(i);
            }
        }

        IsAligned(column.Values).ShouldBeTrue();
        IsAligned(column.Validity).ShouldBeTrue();
        builder.Length.ShouldBe(0);
    }

    [Fact]
    public void Build_WithoutNulls_HasNoValidityBitmap()
    {
        var builder = new PrimitiveColumnBuilder<long>(ColumnType.Int64, 2);
        builder.AppendRange([1, 2, 3]);
        var column = builder.Build();
        column.NullCount.ShouldBe(0);
        column.Validity.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void StringBuilder_AppendsUtf8WithOffsets()
    {
        var builder = new StringColumnBuilder(1);
        builder.Append("a");
        builder.Append((string?)null);
        builder.Append("Grüße, 世界");
        builder.Append(string.Empty);
        var column = (StringColumn)builder.Build();

        column.Offsets.ToArray().ShouldBe([0, 1, 1, 16, 16]);
        column.GetString(2).ShouldBe("Grüße, 世界");
        column.GetString(1).ShouldBeNull();
        column.GetString(3).ShouldBe(string.Empty);
        column.Take([2, 0]).GetValue(0).ShouldBe("Grüße, 世界");
        column.Slice(1, 2).GetValue(1).ShouldBe("Grüße, 世界");
    }

    [Fact]
    public void BooleanBuilder_PacksBitsLsbFirst()
    {
        var builder = new BooleanColumnBuilder(1);
        foreach (var b in new[] { true, false, true, true, false, false, false, false, true })
        {
            builder.Append(b);
        }

        var column = (BooleanColumn)builder.Build();
        column.Bits[0].ShouldBe((byte)0b0000_1101);
        column.Bits[1].ShouldBe((byte)0b0000_0001);
    }

    [Theory]
    [InlineData(3, 3.0)]
    [InlineData(3L, 3.0)]
    [InlineData(2.5f, 2.5)]
    public void AppendValue_Float64_TakesNumbers(object value, double expected)
    {
        var builder = ColumnBuilder.Create(ColumnType.Float64, 1);
        builder.AppendValue(value);
        ((PrimitiveColumn<double>)builder.Build()).Values[0].ShouldBe(expected);
    }

    [Fact]
    public void AppendValue_WrongType_NamesExpectedTypeAndValue()
    {
        var builder = ColumnBuilder.Create(ColumnType.Int64, 1);
        var ex = Should.Throw<InvalidCastException>(() => builder.AppendValue("12"));
        ex.Message.ShouldBe("expected int64 but got '12' (String)");
        Should.Throw<InvalidCastException>(() => ColumnBuilder.Create(ColumnType.Int32, 1).AppendValue(long.MaxValue));
    }

    [Fact]
    public void AppendValue_Timestamp_ConvertsDatesIntoTheUnit()
    {
        var builder = ColumnBuilder.Create(ColumnType.Timestamp(TimeUnit.Millisecond), 4);
        builder.AppendValue(new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc));
        builder.AppendValue(new DateTimeOffset(1970, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)));
        builder.AppendValue(new DateOnly(1970, 1, 2));
        builder.AppendValue(42L);
        ((PrimitiveColumn<long>)builder.Build()).Values.ToArray().ShouldBe([1000L, 0L, 86_400_000L, 42L]);
    }

    private static unsafe bool IsAligned<T>(ReadOnlySpan<T> span)
        where T : unmanaged
    {
        fixed (T* p = span)
        {
            return ((nint)p & 63) == 0;
        }
    }
}
