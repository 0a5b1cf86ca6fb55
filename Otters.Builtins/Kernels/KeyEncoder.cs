using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
        var table = new IdTable();
        var first = new int[16];
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

            var id = table.FindOrAdd(Hash(key), new SameBytes(key, data, offsets, first), out var added);
            if (added)
            {
                Remember(ref first, id, i);
            }

            codes[i] = id;
            previous = id;
            previousRow = i;
        }

        var count = table.Count;
        firstRows = first[..count];
        return count;
    }

    /// <summary>
    /// The common case of tickers: every key at most 7 bytes. Each key is read as one little-endian word
    /// (the buffer is padded, so reading 8 bytes is safe) with its length in the top byte. The first eight
    /// keys by id sit in two vectors, so a batch of a few tickers finds each row's key with two compares
    /// and no branch on the data (<see cref="ScanKnown"/>); other rows go to a small open-addressing table:
    /// a multiply and a probe.
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
        var table = new WordTable();
        var n = codes.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // ulong.MaxValue, whose length byte no key has, marks an empty lane.
            var low = Vector256.Create(ulong.MaxValue);
            var high = low;
            while (i < n && table.Count <= 8)
            {
                i = ScanKnown(ref data, ref offset, ref code, i, n, low, high);
                if (i < 0)
                {
                    return false;
                }

                if (i == n)
                {
                    break;
                }

                // A key not among the lanes: new, or beyond the eighth (then the table takes every row from here).
                Word(ref data, ref offset, i, out var word);
                var known = table.Count;
                var id = table.Find(word, i);
                Unsafe.Add(ref code, i) = id;
                i++;
                if (table.Count != known && id < 8)
                {
                    var words = table.Words;
                    low = Vector256.Create(Lane(words, 0, id), Lane(words, 1, id), Lane(words, 2, id), Lane(words, 3, id));
                    high = Vector256.Create(Lane(words, 4, id), Lane(words, 5, id), Lane(words, 6, id), Lane(words, 7, id));
                }
            }
        }

        var previousWord = ulong.MaxValue;
        var previousId = -1;
        for (; i < n; i++)
        {
            if (!Word(ref data, ref offset, i, out var word))
            {
                return false;
            }

            if (word != previousWord)
            {
                previousId = table.Find(word, i);
                previousWord = word;
            }

            Unsafe.Add(ref code, i) = previousId;
        }

        firstRows = table.First[..table.Count];
        distinct = table.Count;
        return true;
    }

    /// <summary>
    /// Codes rows from <paramref name="i"/> on while each key is in one of the eight lanes; returns the first
    /// row that is not (or <paramref name="n"/>), or -1 at a key longer than 7 bytes. A loop of its own, with
    /// no call in it, so the JIT keeps both vectors in registers (beside the table's calls it spilled and
    /// reloaded them every row).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int ScanKnown(ref byte data, ref int offset, ref int code, int i, int n, Vector256<ulong> low, Vector256<ulong> high)
    {
        for (; i < n; i++)
        {
            if (!Word(ref data, ref offset, i, out var word))
            {
                return -1;
            }

            var probe = Vector256.Create(word);
            var lanes = Vector256.Equals(probe, low).ExtractMostSignificantBits() | (Vector256.Equals(probe, high).ExtractMostSignificantBits() << 4);
            if (lanes == 0)
            {
                return i;
            }

            Unsafe.Add(ref code, i) = BitOperations.TrailingZeroCount(lanes);
        }

        return n;
    }

    /// <summary>Reads row <paramref name="i"/>'s key as a word (bytes, then the length in the top byte); false when longer than 7 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Word(ref byte data, ref int offset, int i, out ulong word)
    {
        var start = Unsafe.Add(ref offset, i);
        var length = Unsafe.Add(ref offset, i + 1) - start;
        var raw = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, start));
        var bits = (uint)length * 8;
        raw = Bmi2.X64.IsSupported ? Bmi2.X64.ZeroHighBits(raw, bits) : raw & ((1UL << (int)bits) - 1);
        word = raw | ((ulong)length << 56);
        return (uint)length <= 7;
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

        /// <summary>Returns the id of a word, adding it (first seen at <paramref name="row"/>) when new.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Find(ulong word, int row)
        {
            // Fibonacci hashing: the multiply carries every byte of the ticker into the top bits.
            var slots = Slots;
            var slot = (int)((word * Multiplier) >> (64 - Bits));
            while (true)
            {
                var id = slots[slot] - 1;
                if (id < 0)
                {
                    return Add(word, row, slot);
                }

                if (Words[id] == word)
                {
                    return id;
                }

                slot = (slot + 1) & (slots.Length - 1);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private int Add(ulong word, int row, int slot)
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
        var table = new IdTable();
        var found = new long[16];
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

            var id = table.FindOrAdd(Mix((ulong)key), new SameInteger(key, found), out var added);
            if (added)
            {
                Remember(ref found, id, key);
            }

            codes[i] = id;
            previous = id;
        }

        var count = table.Count;
        keys = found[..count];
        return count;
    }

    /// <summary>Stores <paramref name="value"/> as id <paramref name="id"/>'s, growing the array when the id is new past its end.</summary>
    private static void Remember<T>(ref T[] values, int id, T value)
    {
        if (id == values.Length)
        {
            Array.Resize(ref values, id * 2);
        }

        values[id] = value;
    }

    /// <summary>Whether a known id holds the key being looked up.</summary>
    private interface IKeyMatch
    {
        bool Matches(int id);
    }

    /// <summary>The string key of a row, against the first row of an id.</summary>
    private readonly ref struct SameBytes(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, int[] first) : IKeyMatch
    {
        private readonly ReadOnlySpan<byte> _key = key;
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly ReadOnlySpan<int> _offsets = offsets;

        public bool Matches(int id) => _key.SequenceEqual(_data[_offsets[first[id]].._offsets[first[id] + 1]]);
    }

    /// <summary>An integer key, against the key of an id.</summary>
    private readonly struct SameInteger(long key, long[] found) : IKeyMatch
    {
        public bool Matches(int id) => found[id] == key;
    }

    /// <summary>
    /// Open addressing from a key's hash to its batch-local id, with linear probing over a power-of-two table
    /// kept at most half full; the keys themselves stay with the caller, which a matcher compares.
    /// </summary>
    private struct IdTable()
    {
        private int[] _slots = new int[64];
        private ulong[] _hashes = new ulong[16];

        public int Count { get; private set; }

        /// <summary>Returns the id whose key <paramref name="match"/> accepts, or a new id (<paramref name="added"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int FindOrAdd<TMatch>(ulong hash, TMatch match, out bool added)
            where TMatch : IKeyMatch, allows ref struct
        {
            var mask = _slots.Length - 1;
            var slot = (int)(hash >> 40) & mask;
            while (true)
            {
                var id = _slots[slot] - 1;
                if (id < 0)
                {
                    added = true;
                    return Add(slot, hash);
                }

                if (_hashes[id] == hash && match.Matches(id))
                {
                    added = false;
                    return id;
                }

                slot = (slot + 1) & mask;
            }
        }

        private int Add(int slot, ulong hash)
        {
            var id = Count++;
            Remember(ref _hashes, id, hash);
            _slots[slot] = id + 1;
            if (Count * 2 > _slots.Length)
            {
                _slots = new int[_slots.Length * 2];
                var mask = _slots.Length - 1;
                for (var k = 0; k < Count; k++)
                {
                    var s = (int)(_hashes[k] >> 40) & mask;
                    while (_slots[s] != 0)
                    {
                        s = (s + 1) & mask;
                    }

                    _slots[s] = k + 1;
                }
            }

            return id;
        }
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
