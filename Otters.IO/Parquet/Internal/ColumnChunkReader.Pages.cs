using System.Buffers.Binary;
using Otters.IO.Parquet.Compression;
using Otters.IO.Parquet.Encodings;
using Otters.IO.Parquet.Format;
using Otters.IO.Parquet.Thrift;

namespace Otters.IO.Parquet.Internal;

/// <summary>Page headers, decompression, levels and the per-page decoding of indices and deltas.</summary>
internal sealed partial class ColumnChunkReader
{
    /// <summary>No real page is larger; a header claiming more is corrupt, and is refused before allocating.</summary>
    private const int MaxPageBytes = 1 << 30;

    private void LoadNextPage()
    {
        while (true)
        {
            if (_chunkPosition >= _chunk.Length || _valuesLeftInChunk == 0)
            {
                ThrowHelper.Format($"The column chunk ends before all its rows were read ({_valuesLeftInChunk} values are missing).");
            }

            var reader = new ThriftCompactReader(_chunk.AsSpan(_chunkPosition));
            var header = PageHeader.Read(ref reader);
            var bodyStart = _chunkPosition + reader.Position;
            var compressed = header.CompressedPageSize;
            var uncompressed = header.UncompressedPageSize;
            if (compressed < 0 || compressed > _chunk.Length - bodyStart)
            {
                ThrowHelper.Format($"A page declares {compressed} bytes but only {_chunk.Length - bodyStart} remain in its column chunk.");
            }

            if (uncompressed < 0 || uncompressed > MaxPageBytes)
            {
                ThrowHelper.Format($"A page declares an uncompressed size of {uncompressed} bytes.");
            }

            _chunkPosition = bodyStart + compressed;
            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    LoadDictionary(header, bodyStart);
                    continue;
                case PageType.DataPage:
                    LoadDataPageV1(header, bodyStart);
                    return;
                case PageType.DataPageV2:
                    LoadDataPageV2(header, bodyStart);
                    return;
                default:
                    continue; // index pages and unknown pages carry no values
            }
        }
    }

    private void LoadDataPageV1(PageHeader header, int bodyStart)
    {
        var h = header.DataPageHeader ?? ThrowHelper.Format<DataPageHeader>("A data page has no data_page_header.");
        var (page, length) = Decompress(bodyStart, header.CompressedPageSize, header.UncompressedPageSize);
        BeginPage(h.NumValues, length);
        var position = 0;
        if (_leaf.MaxDefinitionLevel > 0)
        {
            if (h.DefinitionLevelEncoding != ParquetEncoding.Rle)
            {
                ThrowHelper.Format($"Definition levels use {h.DefinitionLevelEncoding}; Otters reads RLE levels.");
            }

            if (length < 4)
            {
                ThrowHelper.Truncated("definition level length", 4, length);
            }

            var levelBytes = BinaryPrimitives.ReadInt32LittleEndian(page);
            if (levelBytes < 0 || levelBytes > length - 4)
            {
                ThrowHelper.Format($"The definition levels declare {levelBytes} bytes but the page has {length - 4}.");
            }

            DecodeLevels(page.AsSpan(4, levelBytes));
            position = 4 + levelBytes;
        }

        BeginValues(h.Encoding, page, position, length, h.NumValues - CountNulls());
    }

    private void LoadDataPageV2(PageHeader header, int bodyStart)
    {
        var h = header.DataPageHeaderV2 ?? ThrowHelper.Format<DataPageHeaderV2>("A data page v2 has no data_page_header_v2.");
        var levelBytes = (long)h.RepetitionLevelsByteLength + h.DefinitionLevelsByteLength;
        if (h.RepetitionLevelsByteLength < 0 || h.DefinitionLevelsByteLength < 0 || levelBytes > header.CompressedPageSize || levelBytes > header.UncompressedPageSize)
        {
            ThrowHelper.Format($"A data page v2 declares {levelBytes} bytes of levels in a page of {header.CompressedPageSize} bytes.");
        }

        if (h.NumNulls < 0 || h.NumNulls > h.NumValues)
        {
            ThrowHelper.Format($"A data page v2 declares {h.NumNulls} nulls among {h.NumValues} values.");
        }

        BeginPage(h.NumValues, header.UncompressedPageSize);
        if (_leaf.MaxDefinitionLevel > 0)
        {
            DecodeLevels(_chunk.AsSpan(bodyStart + h.RepetitionLevelsByteLength, h.DefinitionLevelsByteLength));
            if (CountNulls() != h.NumNulls)
            {
                ThrowHelper.Format($"A data page v2 declares {h.NumNulls} nulls but its levels hold {CountNulls()}.");
            }
        }
        else if (h.NumNulls != 0)
        {
            ThrowHelper.Format($"A data page v2 of required column declares {h.NumNulls} nulls.");
        }

        var valuesStart = bodyStart + (int)levelBytes;
        var compressed = header.CompressedPageSize - (int)levelBytes;
        var uncompressed = header.UncompressedPageSize - (int)levelBytes;
        byte[] page;
        int offset, end;
        if (h.IsCompressed && _codec != CompressionCodec.Uncompressed)
        {
            (page, end) = Decompress(valuesStart, compressed, uncompressed);
            offset = 0;
        }
        else
        {
            if (compressed != uncompressed)
            {
                ThrowHelper.Format($"An uncompressed data page v2 holds {compressed} value bytes where its header declares {uncompressed}.");
            }

            (page, offset, end) = (_chunk, valuesStart, valuesStart + compressed);
        }

        BeginValues(h.Encoding, page, offset, end, h.NumValues - h.NumNulls);
    }

    private void BeginPage(int numValues, int uncompressedBytes)
    {
        // Levels can describe many values in few bytes, so the count is bounded by the page's size (with
        // room for all-null pages) rather than trusted, before arrays are sized from it.
        if (numValues <= 0 || numValues > _valuesLeftInChunk || numValues > Math.Max(8L * uncompressedBytes, 1 << 20))
        {
            ThrowHelper.Format($"A data page declares {numValues} values where the chunk has {_valuesLeftInChunk} left and the page {uncompressedBytes} bytes.");
        }

        _valuesLeftInChunk -= numValues;
        _pageValues = numValues;
        _levelPosition = 0;
        _nonNullConsumed = 0;
    }

    private void DecodeLevels(ReadOnlySpan<byte> encoded)
    {
        var levels = _levels.Get(_pageValues).AsSpan(0, _pageValues);
        var decoder = new RleBitPackedDecoder(encoded, 1);
        decoder.Read(levels);
        foreach (var level in levels)
        {
            if ((uint)level > 1)
            {
                ThrowHelper.Format($"A definition level of {level} exceeds the column's maximum of 1.");
            }
        }
    }

    private int CountNulls()
    {
        if (_leaf.MaxDefinitionLevel == 0)
        {
            return 0;
        }

        var present = 0;
        foreach (var level in _levels.Get(0).AsSpan(0, _pageValues))
        {
            present += level;
        }

        return _pageValues - present;
    }

    /// <summary>Returns the page body decompressed, in the reused page buffer or (uncompressed) the chunk itself copied.</summary>
    private (byte[] Page, int Length) Decompress(int start, int compressed, int uncompressed)
    {
        var source = _chunk.AsSpan(start, compressed);
        CheckDeclaredSize(source, uncompressed);
        var buffer = _pageBuffer.Get(uncompressed);
        PageCodec.Decompress(_codec, source, buffer.AsSpan(0, uncompressed));
        return (buffer, uncompressed);
    }

    /// <summary>Checks what the compressed stream says about its own size before a buffer is sized from the header.</summary>
    private void CheckDeclaredSize(ReadOnlySpan<byte> source, int uncompressed)
    {
        if (_codec == CompressionCodec.Snappy && SnappyDecoder.GetUncompressedLength(source, out _) != uncompressed)
        {
            ThrowHelper.Format($"A Snappy page holds {SnappyDecoder.GetUncompressedLength(source, out _)} bytes where its header declares {uncompressed}.");
        }

        if (_codec == CompressionCodec.Gzip && (source.Length < 18 || BinaryPrimitives.ReadUInt32LittleEndian(source[^4..]) != (uint)uncompressed))
        {
            ThrowHelper.Format($"A gzip page does not hold the {uncompressed} bytes its header declares.");
        }
    }
}
