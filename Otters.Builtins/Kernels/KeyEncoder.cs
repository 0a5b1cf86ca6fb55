using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using Otters.Memory;

namespace Otters.Kernels;

/// <summary>
/// Dictionary-encodes a key column with an open-addressing table over the raw UTF-8 bytes (or integers):
/// no string is made per row, and a row whose key equals the previous row's skips the table.
/// </summary>
internal static class KeyEncoder
{
    /// <summary>Assigns batch-local ids to the strings of a column.</summary>
    /// <param name="column">The key column.</param>
    /// <param name="codes">Receives each row's id, or -1 for null.</param>
    /// <param name="firstRows">The first row holding each id.</param>
    /// <returns>The number of distinct keys.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int EncodeStrings(StringColumn column, Span<int> codes, out int[] firstRows)
    {
        if (column.NullCount == 0 && TryEncodeShort(column, codes, out firstRows, out var distinct))
        {
            return distinct;
        }

        var offsets = column.Offsets;
        var data = column.Data;
        var validity = column.Validity;
        var slots = new int[64];
        var hashes = new ulong[16];
        var first = new int[16];
        var count = 0;
        var previous = -1;
        var previousRow = -1;
        for (var i = 0; i < codes.Length; i++)
        {
            if (!validity.IsEmpty && !BitUtil.Get(validity, i))
            {
                codes[i] = -1;
                continue;
            }

            var key = data[offsets[i]..offsets[i + 1]];
            if (previous >= 0 && key.SequenceEqual(data[offsets[previousRow]..offsets[previousRow + 1]]))
            {
                codes[i] = previous;
                previousRow = i;
                continue;
            }

            var hash = Hash(key);
            var mask = slots.Length - 1;
            var slot = (int)(hash >> 40) & mask;
            int id;
            while (true)
            {
                id = slots[slot] - 1;
                if (id < 0)
                {
                    id = count++;
                    if (id == first.Length)
                    {
                        Array.Resize(ref first, id * 2);
                        Array.Resize(ref hashes, id * 2);
                    }

                    first[id] = i;
                    hashes[id] = hash;
                    slots[slot] = id + 1;
                    if (count * 2 > slots.Length)
                    {
                        slots = Rehash(hashes, count, slots.Length * 2);
                    }

                    break;
                }

                if (hashes[id] == hash && key.SequenceEqual(data[offsets[first[id]]..offsets[first[id] + 1]]))
                {
                    break;
                }

                slot = (slot + 1) & mask;
            }

            codes[i] = id;
            previous = id;
            previousRow = i;
        }

        firstRows = first[..count];
        return count;
    }

    /// <summary>
    /// The common case of tickers: every key at most 7 bytes. Each key is read as one little-endian word
    /// (the buffer is padded, so reading 8 bytes is safe) with its length in the top byte, and the words
    /// go straight into a small open-addressing table: one load, a mask, a multiply and a probe per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryEncodeShort(StringColumn column, Span<int> codes, out int[] firstRows, out int distinct)
    {
        var offsets = column.Offsets;
        var buffer = column.DataBuffer.Span;
        firstRows = [];
        distinct = 0;
        if (offsets[^1] + 8 > buffer.Length || offsets.Length != codes.Length + 1)
        {
            return false;
        }

        ref var data = ref MemoryMarshal.GetReference(buffer);
        ref var offset = ref MemoryMarshal.GetReference(offsets);
        ref var code = ref MemoryMarshal.GetReference(codes);

        // The table's arrays live in locals (reloaded after the rare insert) so the loop keeps them in
        // registers; passing them by ref to a resize would pin them to the stack.
        var table = new WordTable();
        var slots = table.Slots;
        var words = table.Words;
        var shift = 64 - table.Bits;
        var previousWord = ulong.MaxValue;
        var previousId = -1;

        // The first eight keys by id, in two vectors (ulong.MaxValue, whose length byte no key has, marks
        // an empty lane): a batch of a few tickers finds each row's key with two compares and no branch on
        // the data; further keys go to the table.
        var simd = Vector256.IsHardwareAccelerated;
        var low = Vector256.Create(ulong.MaxValue);
        var high = low;
        var start = offset;
        for (var i = 0; i < codes.Length; i++)
        {
            var end = Unsafe.Add(ref offset, i + 1);
            var length = end - start;
            if ((uint)length > 7)
            {
                return false;
            }

            var word = (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, start)) & ((1UL << (length * 8)) - 1)) | ((ulong)length << 56);
            start = end;
            if (simd)
            {
                var probe = Vector256.Create(word);
                var lanes = Vector256.Equals(probe, low).ExtractMostSignificantBits() | (Vector256.Equals(probe, high).ExtractMostSignificantBits() << 4);
                if (lanes != 0)
                {
                    Unsafe.Add(ref code, i) = BitOperations.TrailingZeroCount(lanes);
                    continue;
                }
            }
            else if (word == previousWord)
            {
                Unsafe.Add(ref code, i) = previousId;
                continue;
            }

            // Fibonacci hashing: the multiply carries every byte of the ticker into the top bits.
            var slot = (int)((word * WordTable.Multiplier) >> shift);
            int id;
            while (true)
            {
                id = slots[slot] - 1;
                if (id < 0)
                {
                    id = table.Add(word, i, slot);
                    slots = table.Slots;
                    words = table.Words;
                    shift = 64 - table.Bits;
                    if (id < 8)
                    {
                        low = Vector256.Create(Lane(words, 0, id), Lane(words, 1, id), Lane(words, 2, id), Lane(words, 3, id));
                        high = Vector256.Create(Lane(words, 4, id), Lane(words, 5, id), Lane(words, 6, id), Lane(words, 7, id));
                    }

                    break;
                }

                if (words[id] == word)
                {
                    break;
                }

                slot = (slot + 1) & (slots.Length - 1);
            }

            Unsafe.Add(ref code, i) = id;
            previousWord = word;
            previousId = id;
        }

        firstRows = table.First[..table.Count];
        distinct = table.Count;
        return true;
    }

    private static ulong Lane(ulong[] words, int id, int last) => id <= last ? words[id] : ulong.MaxValue;

    /// <summary>An open-addressing table of short keys read as words, at most half full.</summary>
    private sealed class WordTable
    {
        public const ulong Multiplier = 0x9E3779B97F4A7C15UL;

        public int Bits = 6;
        public int[] Slots = new int[64];
        public ulong[] Words = new ulong[16];
        public int[] First = new int[16];
        public int Count;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Add(ulong word, int row, int slot)
        {
            var id = Count++;
            if (id == Words.Length)
            {
                Array.Resize(ref Words, id * 2);
                Array.Resize(ref First, id * 2);
            }

            Words[id] = word;
            First[id] = row;
            Slots[slot] = id + 1;
            if (Count * 2 > Slots.Length)
            {
                Bits++;
                Slots = new int[1 << Bits];
                for (var k = 0; k < Count; k++)
                {
                    var s = (int)((Words[k] * Multiplier) >> (64 - Bits));
                    while (Slots[s] != 0)
                    {
                        s = (s + 1) & (Slots.Length - 1);
                    }

                    Slots[s] = k + 1;
                }
            }

            return id;
        }
    }

    /// <summary>Assigns batch-local ids to integer keys.</summary>
    /// <param name="values">The keys.</param>
    /// <param name="validity">The validity bitmap, or empty.</param>
    /// <param name="codes">Receives each row's id, or -1 for null.</param>
    /// <param name="keys">The key of each id.</param>
    /// <returns>The number of distinct keys.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int EncodeIntegers(ReadOnlySpan<long> values, ReadOnlySpan<byte> validity, Span<int> codes, out long[] keys)
    {
        var slots = new int[64];
        var hashes = new ulong[16];
        var found = new long[16];
        var count = 0;
        var previous = -1;
        for (var i = 0; i < codes.Length; i++)
        {
            if (!validity.IsEmpty && !BitUtil.Get(validity, i))
            {
                codes[i] = -1;
                continue;
            }

            var key = values[i];
            if (previous >= 0 && found[previous] == key)
            {
                codes[i] = previous;
                continue;
            }

            var hash = Mix((ulong)key);
            var mask = slots.Length - 1;
            var slot = (int)(hash >> 40) & mask;
            int id;
            while (true)
            {
                id = slots[slot] - 1;
                if (id < 0)
                {
                    id = count++;
                    if (id == found.Length)
                    {
                        Array.Resize(ref found, id * 2);
                        Array.Resize(ref hashes, id * 2);
                    }

                    found[id] = key;
                    hashes[id] = hash;
                    slots[slot] = id + 1;
                    if (count * 2 > slots.Length)
                    {
                        slots = Rehash(hashes, count, slots.Length * 2);
                    }

                    break;
                }

                if (found[id] == key)
                {
                    break;
                }

                slot = (slot + 1) & mask;
            }

            codes[i] = id;
            previous = id;
        }

        keys = found[..count];
        return count;
    }

    private static int[] Rehash(ulong[] hashes, int count, int size)
    {
        var slots = new int[size];
        var mask = size - 1;
        for (var id = 0; id < count; id++)
        {
            var slot = (int)(hashes[id] >> 40) & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = id + 1;
        }

        return slots;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ReadOnlySpan<byte> key)
    {
        var h = (ulong)key.Length * 0x9E3779B97F4A7C15UL;
        while (key.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(key));
            key = key[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < key.Length; i++)
        {
            tail |= (ulong)key[i] << (i * 8);
        }

        return Mix(h ^ tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong x)
    {
        // splitmix64's finalizer: cheap, and every input bit reaches the high bits the slot index uses.
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
