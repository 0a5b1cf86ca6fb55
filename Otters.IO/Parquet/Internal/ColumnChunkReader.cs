using Otters.IO.Parquet.Format;
using Otters.Memory;

namespace Otters.IO.Parquet.Internal;

/// <summary>
/// Decodes one column chunk (the column's pages in one row group) into batch buffers, a slice of rows
/// at a time. Each page is decompressed once into a reused buffer and its levels, dictionary indices
/// or deltas decoded once into pooled arrays; values then go straight into the batch's buffers.
/// </summary>
internal sealed partial class ColumnChunkReader : IDisposable
{
    private readonly LeafColumn _leaf;
    private readonly CompressionCodec _codec;
    private readonly byte[] _chunk;
    private readonly int _valueWidth; // bytes per column value: 8, 4, or 0 for strings and booleans
    private int _chunkPosition;
    private long _valuesLeftInChunk;

    // The current data page: its levels and where its values are.
    private int _pageValues;      // levels (rows) in the page
    private int _levelPosition;   // rows consumed
    private int _nonNullConsumed; // values consumed
    private int _nonNullTotal;
    private int _pageNulls;
    private ParquetEncoding _encoding;
    private byte[] _page = [];    // the array holding the page's values (the chunk itself when uncompressed)
    private int _valuesStart;
    private int _valuesEnd;
    private int _valuePosition;   // byte position for PLAIN values, bit position for PLAIN booleans

    private ScratchBuffer<byte> _pageBuffer;
    private ScratchBuffer<int> _levels;
    private ScratchBuffer<int> _indices;   // dictionary indices or RLE booleans of the page
    private ScratchBuffer<long> _longs;    // DELTA_BINARY_PACKED values of the page
    private ScratchBuffer<int> _stringOffsets; // strings of a DELTA_*BYTE_ARRAY page
    private ScratchBuffer<byte> _stringData;
    private ScratchBuffer<byte> _convert;  // physical values awaiting conversion

    public ColumnChunkReader(LeafColumn leaf, ColumnMetaData meta, byte[] chunk)
    {
        _leaf = leaf;
        _codec = meta.Codec;
        _chunk = chunk;
        _valuesLeftInChunk = meta.NumValues;
        _valueWidth = leaf.Type.Kind is ColumnKind.String or ColumnKind.Boolean ? 0 : ColumnOutput.ElementWidth(leaf.Type);
        if (meta.Type != leaf.Physical)
        {
            ThrowHelper.Format($"The chunk metadata says physical type {meta.Type} where the schema says {leaf.Physical}.");
        }
    }

    /// <summary>Decodes rows [start, start + count) of <paramref name="output"/>.</summary>
    public void ReadInto(ColumnOutput output, int start, int count)
    {
        while (count > 0)
        {
            if (_levelPosition == _pageValues)
            {
                LoadNextPage();
                continue;
            }

            var n = Math.Min(count, _pageValues - _levelPosition);
            var k = ApplyLevels(output, start, n);
            if (k > _nonNullTotal - _nonNullConsumed)
            {
                ThrowHelper.Format($"The page's levels call for more values than its {_nonNullTotal} non-null values.");
            }

            switch (_leaf.Type.Kind)
            {
                case ColumnKind.String:
                    ReadStrings(output, start, n);
                    break;
                case ColumnKind.Boolean:
                    ReadBooleans(output, start, n);
                    break;
                default:
                    var dense = output.Values.Span.Slice(start * _valueWidth, k * _valueWidth);
                    ReadFixed(dense, k);
                    if (k < n)
                    {
                        Scatter(output, start, n, k);
                    }

                    break;
            }

            _nonNullConsumed += k;
            _levelPosition += n;
            start += n;
            count -= n;
        }
    }

    public void Dispose()
    {
        _pageBuffer.Release();
        _levels.Release();
        _indices.Release();
        _longs.Release();
        _stringOffsets.Release();
        _stringData.Release();
        _convert.Release();
        _dictionaryFixed = null;
        _dictionaryOffsets = null;
        _dictionaryData = null;
    }

    /// <summary>Sets the validity bits of the slice and returns its number of non-null values.</summary>
    private int ApplyLevels(ColumnOutput output, int start, int n)
    {
        var validity = output.Validity.Span;
        if (_leaf.MaxDefinitionLevel == 0 || _pageNulls == 0)
        {
            BitUtil.SetRange(validity, start, n);
            return n;
        }

        var levels = _levels.Get(0).AsSpan(_levelPosition, n);
        var present = 0;
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i] != 0)
            {
                BitUtil.Set(validity, start + i);
                present++;
            }
        }

        output.NullCount += n - present;
        return present;
    }

    /// <summary>Moves densely decoded values to their rows, back to front, leaving zeros in null slots.</summary>
    private void Scatter(ColumnOutput output, int start, int n, int k)
    {
        var validity = output.Validity.Span;
        if (_valueWidth == 8)
        {
            var values = output.Values.AsSpan<long>().Slice(start, n);
            var j = k - 1;
            for (var i = n - 1; i >= 0; i--)
            {
                values[i] = BitUtil.Get(validity, start + i) ? values[j--] : 0;
            }
        }
        else
        {
            var values = output.Values.AsSpan<int>().Slice(start, n);
            var j = k - 1;
            for (var i = n - 1; i >= 0; i--)
            {
                values[i] = BitUtil.Get(validity, start + i) ? values[j--] : 0;
            }
        }
    }
}
