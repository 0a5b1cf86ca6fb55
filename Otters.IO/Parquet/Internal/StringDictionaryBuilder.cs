using System.Buffers;
using System.Buffers.Binary;

namespace Otters.IO.Parquet.Internal;

/// <summary>
/// Collects distinct strings (as UTF-8 bytes) for a dictionary page, handing out their indices. An
/// open-addressing table over offsets into one byte buffer: no allocation per value.
/// </summary>
internal sealed class StringDictionaryBuilder
{
    private readonly ArrayBufferWriter<byte> _data = new(1024);
    private readonly List<int> _offsets = [0];
    private int[] _buckets = new int[1024]; // entry index + 1; 0 marks an empty bucket
    private int[] _hashes = new int[1024];

    /// <summary>Gets the number of distinct values.</summary>
    public int Count => _offsets.Count - 1;

    /// <summary>Gets the bytes of all distinct values.</summary>
    public int DataBytes => _data.WrittenCount;

    public void Clear()
    {
        _data.Clear();
        _offsets.Clear();
        _offsets.Add(0);
        Array.Clear(_buckets);
    }

    /// <summary>Returns the index of <paramref name="value"/>, adding it when new.</summary>
    public int GetOrAdd(ReadOnlySpan<byte> value)
    {
        var hash = Hash(value);
        var mask = _buckets.Length - 1;
        var slot = hash & mask;
        while (true)
        {
            var entry = _buckets[slot] - 1;
            if (entry < 0)
            {
                break;
            }

            if (_hashes[entry] == hash && Get(entry).SequenceEqual(value))
            {
                return entry;
            }

            slot = (slot + 1) & mask;
        }

        var index = Count;
        value.CopyTo(_data.GetSpan(value.Length));
        _data.Advance(value.Length);
        _offsets.Add(_data.WrittenCount);
        if (index >= _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
        }

        _hashes[index] = hash;
        _buckets[slot] = index + 1;
        if (Count * 2 > _buckets.Length)
        {
            Rehash();
        }

        return index;
    }

    public ReadOnlySpan<byte> Get(int index) => _data.WrittenSpan[_offsets[index].._offsets[index + 1]];

    /// <summary>Writes the dictionary PLAIN-encoded (4-byte length, bytes) into <paramref name="output"/>.</summary>
    public void WritePlain(IBufferWriter<byte> output)
    {
        for (var i = 0; i < Count; i++)
        {
            var value = Get(i);
            var span = output.GetSpan(value.Length + 4);
            BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
            value.CopyTo(span[4..]);
            output.Advance(value.Length + 4);
        }
    }

    private static int Hash(ReadOnlySpan<byte> value)
    {
        var hash = default(HashCode);
        hash.AddBytes(value);
        return hash.ToHashCode() & int.MaxValue;
    }

    private void Rehash()
    {
        var buckets = new int[_buckets.Length * 2];
        var mask = buckets.Length - 1;
        for (var i = 0; i < Count; i++)
        {
            var slot = _hashes[i] & mask;
            while (buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            buckets[slot] = i + 1;
        }

        _buckets = buckets;
    }
}
