using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Otters.IO.Parquet.Encodings;
using Otters.IO.Parquet.Format;

namespace Otters.IO.Parquet.Internal;

/// <summary>Dictionary pages (kept as column values, converted once) and dictionary-encoded data pages.</summary>
internal sealed partial class ColumnChunkReader
{
    private byte[]? _dictionaryFixed;  // column values, _valueWidth bytes each
    private int[]? _dictionaryOffsets; // strings: count + 1 offsets into _dictionaryData
    private byte[]? _dictionaryData;
    private int _dictionaryCount;

    private void LoadDictionary(PageHeader header, int bodyStart)
    {
        var h = header.DictionaryPageHeader ?? ThrowHelper.Format<DictionaryPageHeader>("A dictionary page has no dictionary_page_header.");
        if (h.Encoding is not (ParquetEncoding.Plain or ParquetEncoding.PlainDictionary))
        {
            ThrowHelper.Format($"A dictionary page uses {h.Encoding}; dictionaries must be PLAIN.");
        }

        var (page, length) = Decompress(bodyStart, header.CompressedPageSize, header.UncompressedPageSize);
        var values = page.AsSpan(0, length);
        var count = h.NumValues;
        if (count < 0 || (_leaf.Physical == PhysicalType.ByteArray ? (long)count * 4 : (long)count * PhysicalWidth) > values.Length)
        {
            ThrowHelper.Format($"A dictionary page declares {count} values but holds only {values.Length} bytes.");
        }

        _dictionaryCount = count;
        switch (_leaf.Physical)
        {
            case PhysicalType.ByteArray:
                LoadStringDictionary(values, count);
                break;
            case PhysicalType.Boolean:
                ThrowHelper.Format("A BOOLEAN column has a dictionary page, which the format does not allow.");
                break;
            default:
                _dictionaryFixed = new byte[count * _valueWidth];
                Convert(values[..(count * PhysicalWidth)], _dictionaryFixed, count);
                break;
        }
    }

    private void LoadStringDictionary(ReadOnlySpan<byte> values, int count)
    {
        var offsets = new int[count + 1];
        var total = 0;
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            var length = ReadLength(values, position);
            position += 4 + length;
            total += length;
            offsets[i + 1] = total;
        }

        var data = new byte[total];
        position = 0;
        for (var i = 0; i < count; i++)
        {
            var length = offsets[i + 1] - offsets[i];
            values.Slice(position + 4, length).CopyTo(data.AsSpan(offsets[i]));
            position += 4 + length;
        }

        _dictionaryOffsets = offsets;
        _dictionaryData = data;
    }

    private void BeginDictionaryIndices(ReadOnlySpan<byte> values, int nonNull)
    {
        if (_dictionaryOffsets is null && _dictionaryFixed is null)
        {
            ThrowHelper.Format("A dictionary-encoded data page comes without a dictionary page before it.");
        }

        var indices = _indices.Get(nonNull).AsSpan(0, nonNull);
        if (nonNull == 0)
        {
            return;
        }

        if (values.Length == 0)
        {
            ThrowHelper.Truncated("dictionary index bit width", 1, 0);
        }

        new RleBitPackedDecoder(values[1..], values[0]).ReadBounded(indices, _dictionaryCount);
    }

    private void GatherFixed(ReadOnlySpan<int> indices, Span<byte> destination)
    {
        if (_valueWidth == 8)
        {
            var dictionary = MemoryMarshal.Cast<byte, long>(_dictionaryFixed);
            var target = MemoryMarshal.Cast<byte, long>(destination);
            for (var i = 0; i < indices.Length; i++)
            {
                target[i] = dictionary[indices[i]];
            }
        }
        else
        {
            var dictionary = MemoryMarshal.Cast<byte, int>(_dictionaryFixed);
            var target = MemoryMarshal.Cast<byte, int>(destination);
            for (var i = 0; i < indices.Length; i++)
            {
                target[i] = dictionary[indices[i]];
            }
        }
    }

    /// <summary>Reads a PLAIN BYTE_ARRAY length prefix and checks the value fits in what remains.</summary>
    private static int ReadLength(ReadOnlySpan<byte> values, int position)
    {
        if (position > values.Length - 4)
        {
            ThrowHelper.Truncated("BYTE_ARRAY length", 4, values.Length - position);
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(values[position..]);
        if (length < 0 || length > values.Length - position - 4)
        {
            ThrowHelper.Format($"A BYTE_ARRAY value declares {length} bytes but only {values.Length - position - 4} remain in its page.");
        }

        return length;
    }
}
