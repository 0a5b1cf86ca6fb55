using System.Numerics;
using System.Runtime.CompilerServices;

namespace Otters.Memory;

/// <summary>
/// Large pinned byte arrays that come back for reuse once nothing references them. Column buffers are
/// shared between branches and stages and have no single owner, so nothing can return them explicitly;
/// instead each array has a companion object, reachable only while the array is, whose finalizer puts
/// the array back on a free list. An array is therefore reused only when the GC has proved that no
/// column, span or other reference can see it: exactly when it would otherwise have been freed.
/// </summary>
/// <remarks>
/// Why: a batch's buffers die a few milliseconds after they are made, but they live on the pinned
/// object heap, which the GC collects only in full collections and then hands back to the OS. Every
/// fresh buffer was faulted in again a page at a time, and on this VM those faults cost a stage more
/// than its arithmetic (the keyed builtins ran at 36 instead of 50 M rows/s in the processes where the
/// GC decommitted most). Pooled arrays stay committed. The pool holds at most <see cref="LimitBytes"/>;
/// beyond that, returned arrays are left to the GC as before.
/// </remarks>
internal static class BufferPool
{
    /// <summary>Arrays shorter than this are allocated as before: the GC handles small ones well.</summary>
    public const int MinimumBytes = 32 * 1024;

    /// <summary>Arrays longer than this are allocated as before: a few would fill the free lists.</summary>
    public const int MaximumBytes = 16 * 1024 * 1024;

    /// <summary>The most bytes kept on the free lists.</summary>
    public const long LimitBytes = 64L * 1024 * 1024;

    private static readonly ConditionalWeakTable<byte[], Reclaimer> s_reclaimers = [];
    private static readonly Lock s_lock = new();

    // One free list per size class: a power of two and its eighths, so an array is at most 12.5% longer
    // than asked and batches of slightly different lengths share a class.
    private static readonly Stack<byte[]>?[] s_free = new Stack<byte[]>?[64 * 8];
    private static long s_freeBytes;
    private static long s_lentSinceCollection;
    private static int s_collections;
    private static long s_otherHeapBytes;
    private static long s_arrayBytes;

    /// <summary>Gets the bytes on the free lists now (tests watch arrays come back).</summary>
    public static long FreeBytes => Interlocked.Read(ref s_freeBytes);

    /// <summary>
    /// Returns a pinned array of at least <paramref name="length"/> bytes, its contents arbitrary: from
    /// <see cref="MinimumBytes"/> to <see cref="MaximumBytes"/> a pooled one (reused when one is free),
    /// otherwise a plain allocation of exactly that length, left to the GC.
    /// </summary>
    /// <param name="length">The bytes needed.</param>
    /// <returns>The array, possibly longer than asked.</returns>
    public static byte[] Rent(int length)
    {
        if (length is < MinimumBytes or > MaximumBytes)
        {
            return GC.AllocateUninitializedArray<byte>(length, pinned: true);
        }

        var size = ClassSize(length, out var index);
        bool collect;
        lock (s_lock)
        {
            // Lent arrays come back only from a full collection, which lending from the free lists does not
            // bring on (it allocates nothing). Count what was lent since the last one; when the lists run
            // dry after half the limit, ask for a background collection: most of it is garbage by now.
            var collections = GC.CollectionCount(2);
            if (collections != s_collections)
            {
                s_collections = collections;
                s_lentSinceCollection = 0;
            }

            s_lentSinceCollection += size;
            if (s_free[index] is { Count: > 0 } free)
            {
                var array = free.Pop();
                s_freeBytes -= array.Length;
                return array;
            }

            collect = s_lentSinceCollection >= Math.Max(LimitBytes / 2, s_otherHeapBytes / 2);
            if (collect)
            {
                s_lentSinceCollection = 0;
            }
        }

        if (collect)
        {
            // A background collection, at most once per half the rest of the heap lent, so that the marking
            // it costs stays in proportion to the allocation it saves, as the GC's own budgets do. The rest
            // of the heap leaves out the pool's arrays, lent or free: counting them, a pool that fell behind
            // would wait longer, allocate more and fall further behind.
            GC.Collect(2, GCCollectionMode.Forced, blocking: false);
            var info = GC.GetGCMemoryInfo();
            s_otherHeapBytes = Math.Max(0, info.HeapSizeBytes - info.FragmentedBytes - Interlocked.Read(ref s_arrayBytes));
        }

        var fresh = GC.AllocateUninitializedArray<byte>(size, pinned: true);
        s_reclaimers.Add(fresh, new Reclaimer(fresh));
        Interlocked.Add(ref s_arrayBytes, size);
        return fresh;
    }

    /// <summary>Drops every free array, leaving it to the GC (tests start from an empty pool).</summary>
    internal static void Trim()
    {
        lock (s_lock)
        {
            foreach (var free in s_free)
            {
                while (free is { Count: > 0 })
                {
                    // Its companion would file it again when it dies: forget it first.
                    var array = free.Pop();
                    if (s_reclaimers.TryGetValue(array, out var reclaimer))
                    {
                        Forget(array, reclaimer);
                    }
                }
            }

            s_freeBytes = 0;
        }
    }

    private static void Forget(byte[] array, Reclaimer reclaimer)
    {
        Interlocked.Add(ref s_arrayBytes, -array.Length);
        GC.SuppressFinalize(reclaimer);
        s_reclaimers.Remove(array);
    }

    /// <summary>Rounds a length up to its size class.</summary>
    /// <param name="length">The bytes needed.</param>
    /// <param name="index">The class's free list.</param>
    /// <returns>The class's array length.</returns>
    internal static int ClassSize(int length, out int index)
    {
        // The class of a length between 2^k and 2^(k+1): 2^k plus a whole number of eighths of 2^k.
        var power = BitOperations.Log2((uint)length);
        var step = 1 << (power - 3);
        var eighths = ((length - (1 << power)) + step - 1) >> (power - 3);
        index = (power * 8) + eighths;
        return checked((1 << power) + (eighths * step));
    }

    /// <summary>Puts an array no longer referenced on its free list; returns false when the pool is full.</summary>
    private static bool Return(byte[] array)
    {
        ClassSize(array.Length, out var index);
        lock (s_lock)
        {
            if (s_freeBytes + array.Length > LimitBytes)
            {
                return false;
            }

            (s_free[index] ??= new Stack<byte[]>()).Push(array);
            s_freeBytes += array.Length;
            return true;
        }
    }

    /// <summary>
    /// The array's companion. The table keeps it alive exactly as long as its array is alive, and its own
    /// reference to the array does not count, so it becomes finalizable in the same collection that finds
    /// the array unreferenced. Finalization revives both; the finalizer then files the array for reuse.
    /// </summary>
    private sealed class Reclaimer(byte[] array)
    {
        ~Reclaimer()
        {
            // The collection may have dropped the table's entry: restore it, so that this companion lives on
            // with its array and fires again the next time the array is let go. Both before the array is
            // filed, since from then on another thread may take it.
            s_reclaimers.AddOrUpdate(array, this);
            GC.ReRegisterForFinalize(this);
            if (!Return(array))
            {
                // The pool is full: let the array go, and this companion with it.
                Forget(array, this);
            }
        }
    }
}
