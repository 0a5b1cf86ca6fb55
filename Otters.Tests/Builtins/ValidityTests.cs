using Otters.Kernels;
using Otters.Memory;

namespace Otters.Tests.Builtins;

public sealed class ValidityTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(64)]
    [InlineData(1001)]
    public void PackUnpack_RandomFlags_RoundTrip(int length)
    {
        var random = new Random(length);
        var flags = Enumerable.Range(0, length).Select(_ => (byte)(random.Next(3) == 0 ? 0 : 1)).ToArray();
        var bitmap = Validity.Pack(flags, out var nullCount);
        nullCount.ShouldBe(flags.Count(f => f == 0));
        var back = new byte[length];
        Validity.Unpack(bitmap is null ? default : bitmap.Span[..BitUtil.BytesFor(length)], back);
        back.ShouldBe(flags);
    }

    [Fact]
    public void Pack_AllPresent_ReturnsNull()
    {
        Validity.Pack([1, 1, 1], out var nullCount).ShouldBeNull();
        nullCount.ShouldBe(0);
    }

    [Fact]
    public void HasNaN_NaNAnywhere_Found()
    {
        var values = new double[37];
        Validity.HasNaN(values).ShouldBeFalse();
        foreach (var i in new[] { 0, 3, 17, 36 })
        {
            var copy = (double[])values.Clone();
            copy[i] = double.NaN;
            Validity.HasNaN(copy).ShouldBeTrue();
        }
    }
}
