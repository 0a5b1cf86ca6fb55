using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Otters.Kernels;

/// <summary>
/// A key column of one batch, dictionary-encoded: each distinct key gets a batch-local id, and the rows
/// are listed grouped by id (in input order within a key). Built once per key column and shared by
/// every keyed stage that sees that column, so a chain of keyed builtins hashes each key once per batch;
/// stages then map the few batch-local ids to their own per-key state, never looking up a row's key.
/// </summary>
internal sealed partial class KeyGrouping
{
    private static readonly ConditionalWeakTable<Column, KeyGrouping> s_cache = [];

    private int[]? _rows;

    // Codes and positions as int32s in byte arrays: a large batch's come from the buffer pool, as column
    // buffers do, since a grouping lives exactly as long as its batch.
    private readonly byte[] _codes;
    private readonly byte[] _positions;
    private readonly int _length;

    private KeyGrouping(int keyCount, string[]? stringKeys, long[]? integerKeys, byte[] codes, int[] offsets, byte[] positions, int length, bool inOrder)
    {
        KeyCount = keyCount;
        StringKeys = stringKeys;
        IntegerKeys = integerKeys;
        _codes = codes;
        Offsets = offsets;
        _positions = positions;
        _length = length;
        InOrder = inOrder;
    }

    /// <summary>Gets the number of distinct non-null keys in the batch.</summary>
    public int KeyCount { get; }

    /// <summary>Gets the keys by batch-local id for a string column, else null.</summary>
    public string[]? StringKeys { get; }

    /// <summary>Gets the keys by batch-local id for an integer or timestamp column, else null.</summary>
    public long[]? IntegerKeys { get; }

    /// <summary>Gets each row's batch-local key id, or -1 for a null key (pandas' groupby drops those rows).</summary>
    public ReadOnlySpan<int> Codes => Ints(_codes, _length);

    /// <summary>Gets where each key's rows start in <see cref="Rows"/>; KeyCount + 1 entries.</summary>
    public int[] Offsets { get; }

    /// <summary>Gets the number of rows whose key is not null.</summary>
    public int GroupedLength => Offsets[KeyCount];

    /// <summary>Gets the row indices of non-null keys, grouped by key id, ascending within a key (built on first use; the stages move rows through <see cref="Positions"/>).</summary>
    public int[] Rows
    {
        get
        {
            if (_rows is { } rows)
            {
                return rows;
            }

            rows = new int[GroupedLength];
            var codes = Codes;
            var positions = Positions;
            for (var i = 0; i < positions.Length; i++)
            {
                if (codes[i] >= 0)
                {
                    rows[positions[i]] = i;
                }
            }

            return _rows = rows;
        }
    }

    /// <summary>
    /// Gets each row's index in grouped order (the inverse of <see cref="Rows"/>); a null-key row points one
    /// past the grouped rows, where callers keep a null result. Walking rows in input order through this
    /// writes or reads one sequential stream per key, which the prefetchers follow, where walking
    /// <see cref="Rows"/> would touch every cache line of the column once per key.
    /// </summary>
    public ReadOnlySpan<int> Positions => Ints(_positions, _length);

    /// <summary>Gets a value indicating whether grouped order is input order (keys arrive in runs sorted by first appearance, none null), so gathering is the identity.</summary>
    public bool InOrder { get; }

    /// <summary>Returns the grouping of a key column, building it on first use.</summary>
    /// <param name="keys">A string, int64, timestamp or int32 column.</param>
    /// <returns>The grouping.</returns>
    public static KeyGrouping For(Column keys) => s_cache.GetValue(keys, Build);

    /// <summary>Drops a column's cached grouping (benchmarks replaying the same batches measure the encoding each time).</summary>
    /// <param name="keys">The key column.</param>
    public static void Forget(Column keys) => s_cache.Remove(keys);

    /// <summary>Builds a grouping without the cache (tests and benchmarks measure this).</summary>
    /// <param name="keys">The key column.</param>
    /// <returns>The grouping.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static KeyGrouping Build(Column keys)
    {
        // Every encoder writes every row's code (-1 for a null key).
        var n = keys.Length;
        var codeBytes = RentInts(n);
        var codes = Ints(codeBytes, n);
        var positionBytes = RentInts(n);
        var positions = Ints(positionBytes, n);
        string[]? stringKeys = null;
        long[]? integerKeys = null;
        int keyCount;
        switch (keys)
        {
            case StringColumn strings:
                keyCount = KeyEncoder.EncodeStrings(strings, codes, out var firstRows);
                stringKeys = new string[keyCount];
                for (var k = 0; k < keyCount; k++)
                {
                    stringKeys[k] = Encoding.UTF8.GetString(strings.GetBytes(firstRows[k]));
                }

                break;
            case PrimitiveColumn<long> longs:
                keyCount = KeyEncoder.EncodeIntegers(longs.Values, longs.Validity, codes, out integerKeys);
                break;
            case PrimitiveColumn<int> ints:
                var widened = new long[ints.Length];
                var source = ints.Values;
                for (var i = 0; i < widened.Length; i++)
                {
                    widened[i] = source[i];
                }

                keyCount = KeyEncoder.EncodeIntegers(widened, ints.Validity, codes, out integerKeys);
                break;
            default:
                throw new ArgumentException($"A {keys.Type} column cannot be a key; use a string, int64, int32 or timestamp column.", nameof(keys));
        }

        int[] offsets;
        bool inOrder;
        if (keyCount <= RankedKeys && keys.NullCount == 0 && Avx2.IsSupported)
        {
            offsets = PlaceFew(codes, keyCount, positions, out inOrder);
        }
        else
        {
            offsets = Place(codes, keyCount, positions, out inOrder);
        }

        return new KeyGrouping(keyCount, stringKeys, integerKeys, codeBytes, offsets, positionBytes, n, inOrder);
    }

    /// <summary>Counts each key's rows and gives every row its place in grouped order; returns the offsets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] Place(ReadOnlySpan<int> codes, int keyCount, Span<int> positions, out bool inOrder)
    {
        // Counters indexed by code + 1, so a null key (-1) has its own and no row needs a branch; the null
        // counter's cursor starts past the grouped rows and never advances (they all share the spare slot).
        var counts = new int[keyCount + 1];
        ref var code0 = ref MemoryMarshal.GetReference(codes);
        ref var count0 = ref MemoryMarshal.GetArrayDataReference(counts);
        for (var i = 0; i < codes.Length; i++)
        {
            Unsafe.Add(ref count0, Unsafe.Add(ref code0, i) + 1)++;
        }

        var offsets = new int[keyCount + 1];
        for (var k = 0; k < keyCount; k++)
        {
            offsets[k + 1] = offsets[k] + counts[k + 1];
        }

        var grouped = offsets[keyCount];
        var next = counts;
        next[0] = grouped;
        offsets.AsSpan(0, keyCount).CopyTo(next.AsSpan(1));
        ref var next0 = ref MemoryMarshal.GetArrayDataReference(next);
        ref var position0 = ref MemoryMarshal.GetReference(positions);
        var outOfOrder = grouped ^ codes.Length;
        for (var i = 0; i < codes.Length; i++)
        {
            var code = Unsafe.Add(ref code0, i);
            ref var cursor = ref Unsafe.Add(ref next0, code + 1);
            var position = cursor;
            cursor = position + (code >>> 31 ^ 1);
            Unsafe.Add(ref position0, i) = position;
            outOfOrder |= position ^ i;
        }

        inOrder = outOfOrder == 0;
        return offsets;
    }

    /// <summary>
    /// <see cref="Place"/> for at most <see cref="RankedKeys"/> keys, none null. The keys' counts so far sit in
    /// one vector register: a row's rank within its key is its key's lane (a permute), and an add of a one-hot
    /// vector counts it. Counted in memory, each row of a key waited for the store of the one before; a
    /// second pass then adds each key's start, eight rows a step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] PlaceFew(ReadOnlySpan<int> codes, int keyCount, Span<int> positions, out bool inOrder)
    {
        ref var code0 = ref MemoryMarshal.GetReference(codes);
        ref var position0 = ref MemoryMarshal.GetReference(positions);
        var n = codes.Length;
        if (positions.Length != n)
        {
            ThrowLengths();
        }

        var seen = Rank(ref code0, ref position0, n, ref MemoryMarshal.GetArrayDataReference(s_oneHot));
        var offsets = new int[keyCount + 1];
        Span<int> starts = stackalloc int[RankedKeys];
        for (var k = 0; k < keyCount; k++)
        {
            starts[k] = offsets[k];
            offsets[k + 1] = offsets[k] + seen.GetElement(k);
        }

        var vStarts = Vector256.Create<int>(starts);
        var row = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var eight = Vector256.Create(8);
        var differ = Vector256<int>.Zero;
        var j = 0;
        for (; j <= n - 8; j += 8)
        {
            var place = Vector256.LoadUnsafe(ref position0, (nuint)j) + Avx2.PermuteVar8x32(vStarts, Vector256.LoadUnsafe(ref code0, (nuint)j));
            place.StoreUnsafe(ref position0, (nuint)j);
            differ |= place ^ row;
            row += eight;
        }

        var outOfOrder = differ == Vector256<int>.Zero ? 0 : 1;
        for (; j < n; j++)
        {
            var place = Unsafe.Add(ref position0, j) + starts[Unsafe.Add(ref code0, j)];
            Unsafe.Add(ref position0, j) = place;
            outOfOrder |= place ^ j;
        }

        inOrder = outOfOrder == 0;
        return offsets;
    }

    /// <summary>Writes each row's rank within its key; returns each key's count.</summary>
    /// <remarks>
    /// A loop of its own with no call after it, and the one-hot table passed in: with the array allocation
    /// that follows in the caller, the JIT kept the counts in memory, a store and a reload on every row's
    /// chain; and an optimized-from-the-start method checks a static field's initialization at every use.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector256<int> Rank(ref int code0, ref int position0, nint n, ref int oneHot)
    {
        var seen = Vector256<int>.Zero;
        for (nint i = 0; i < n; i++)
        {
            var code = Unsafe.Add(ref code0, i);
            Unsafe.Add(ref position0, i) = Avx2.PermuteVar8x32(seen, Vector256.Create(code)).ToScalar();
            seen += Vector256.LoadUnsafe(ref oneHot, (nuint)(RankedKeys - code));
        }

        return seen;
    }

    /// <summary>The most keys <see cref="PlaceFew"/> takes.</summary>
    private const int RankedKeys = 8;

    // Eight zeros around a one: the eight ints starting at 8 - k have their one in lane k.
    private static readonly int[] s_oneHot = [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];

    private static byte[] RentInts(int count) => Memory.BufferPool.Rent(checked(count * sizeof(int)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Span<int> Ints(byte[] bytes, int count) => MemoryMarshal.CreateSpan(ref Unsafe.As<byte, int>(ref MemoryMarshal.GetArrayDataReference(bytes)), count);
}
