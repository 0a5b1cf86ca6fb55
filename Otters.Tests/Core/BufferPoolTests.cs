using System.Runtime.CompilerServices;
using Otters.Memory;

namespace Otters.Tests.Core;

/// <summary>The pool counts bytes across the process, so these tests run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BufferPoolCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Buffer pool";
}

[Collection(BufferPoolCollection.Name)]
public sealed class BufferPoolTests
{
    // A size class no other code asks for: an array of it that comes back is the test's own.
    private const int Size = (3 * 1024 * 1024) + 12_345;

    public static TheoryData<int> Lengths => [BufferPool.MinimumBytes, 32_769, 65_536, 65_537, 524_352, 1_000_000, BufferPool.MaximumBytes, (1 << 30) - 1];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ClassSize_Length_AtMostAnEighthLongerAndStable(int length)
    {
        var size = BufferPool.ClassSize(length, out var index);

        size.ShouldBeGreaterThanOrEqualTo(length);
        ((double)size).ShouldBeLessThanOrEqualTo(length * 1.125);
        BufferPool.ClassSize(size, out var again).ShouldBe(size);
        again.ShouldBe(index);
        if (size > length)
        {
            // The next class down is too small: the class is the smallest that fits.
            BufferPool.ClassSize(size - 1, out var below);
            below.ShouldBe(index);
        }
    }

    [Fact]
    public void Rent_ArrayLetGo_ComesBackToTheNextRentOfItsClass()
    {
        StartEmpty();
        var address = RentAndDrop(Size);

        Collect();

        BufferPool.FreeBytes.ShouldBe(BufferPool.ClassSize(Size, out _));
        AddressOf(BufferPool.Rent(Size)).ShouldBe(address);
        BufferPool.FreeBytes.ShouldBe(0);
    }

    [Fact]
    public void Rent_SameArrayLetGoThreeTimes_ComesBackEachTime()
    {
        StartEmpty();
        var address = RentAndDrop(Size);
        for (var round = 0; round < 3; round++)
        {
            Collect();
            BufferPool.FreeBytes.ShouldBe(BufferPool.ClassSize(Size, out _), $"round {round}");
            RentAndDrop(Size).ShouldBe(address, $"round {round}");
        }
    }

    [Fact]
    public void Rent_ArrayStillReferenced_IsNeitherFreedNorLentAgain()
    {
        StartEmpty();
        var held = BufferPool.Rent(Size);
        held.AsSpan().Fill(0x5A);

        Collect();
        var other = BufferPool.Rent(Size);
        other.AsSpan().Fill(0xA5);

        BufferPool.FreeBytes.ShouldBe(0);
        other.ShouldNotBeSameAs(held);
        held.AsSpan().ContainsAnyExcept((byte)0x5A).ShouldBeFalse();
        GC.KeepAlive(other);
    }

    [Fact]
    public void Allocate_ZeroedFromAReusedArray_StartsAtZero()
    {
        StartEmpty();
        var address = AllocateDirtyAndDrop(Size);

        Collect();
        var buffer = AlignedBuffer.Allocate(Size, zero: true);

        AddressOf(buffer.Span).ShouldBe(address);
        buffer.Span.ContainsAnyExcept((byte)0).ShouldBeFalse();
    }

    [Fact]
    public void Allocate_AboveTheMaximum_LeavesTheArrayToTheGc()
    {
        StartEmpty();
        AllocateDirtyAndDrop(BufferPool.MaximumBytes + 1);

        Collect();

        BufferPool.FreeBytes.ShouldBe(0);
    }

    [Fact]
    public void Return_BeyondTheLimit_LeavesTheRestToTheGc()
    {
        StartEmpty();
        const int each = 4 * 1024 * 1024;
        var count = (int)(BufferPool.LimitBytes / each) + 4;
        RentManyAndDrop(each, count);

        Collect();

        BufferPool.FreeBytes.ShouldBeLessThanOrEqualTo(BufferPool.LimitBytes);
        BufferPool.FreeBytes.ShouldBeGreaterThan(BufferPool.LimitBytes / 2);
        BufferPool.Trim();
    }

    private static void StartEmpty()
    {
        Collect();
        BufferPool.Trim();
    }

    private static void Collect()
    {
        // The first collection finds the arrays unreferenced and queues their companions; the finalizers file
        // them; the second collection clears what the first left.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint RentAndDrop(int length)
    {
        var array = BufferPool.Rent(length);
        array[0] = 1;
        return AddressOf(array);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RentManyAndDrop(int length, int count)
    {
        for (var i = 0; i < count; i++)
        {
            BufferPool.Rent(length)[0] = 1;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint AllocateDirtyAndDrop(int length)
    {
        var buffer = AlignedBuffer.Allocate(length, zero: false);
        buffer.Span.Fill(0xFF);
        return AddressOf(buffer.Span);
    }

    private static unsafe nint AddressOf(Span<byte> bytes) => (nint)Unsafe.AsPointer(ref bytes[0]);
}
