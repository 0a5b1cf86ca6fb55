using Otters.IO.Parquet.Encodings;
using Otters.IO.Parquet.Format;
using Otters.Memory;

namespace Otters.IO.Parquet.Internal;

/// <summary>Strings and booleans, which are appended row by row rather than decoded densely.</summary>
internal sealed partial class ColumnChunkReader
{
    private void ReadStrings(ColumnOutput output, int start, int n)
    {
        var validity = output.Validity.Span;
        var offsets = output.Offsets!.AsSpan<int>();
        var indices = _encoding is ParquetEncoding.PlainDictionary or ParquetEncoding.RleDictionary ? _indices.Get(0) : null;
        var deltaOffsets = _encoding is ParquetEncoding.DeltaLengthByteArray or ParquetEncoding.DeltaByteArray ? _stringOffsets.Get(0) : null;
        var next = _nonNullConsumed;
        for (var i = 0; i < n; i++)
        {
            if (BitUtil.Get(validity, start + i))
            {
                ReadOnlySpan<byte> value;
                if (indices is not null)
                {
                    var index = indices[next];
                    value = _dictionaryData.AsSpan(_dictionaryOffsets![index], _dictionaryOffsets[index + 1] - _dictionaryOffsets[index]);
                }
                else if (deltaOffsets is not null)
                {
                    value = _stringData.Get(0).AsSpan(deltaOffsets[next], deltaOffsets[next + 1] - deltaOffsets[next]);
                }
                else
                {
                    var page = _page.AsSpan(0, _valuesEnd);
                    var length = ReadLength(page, _valuePosition);
                    value = page.Slice(_valuePosition + 4, length);
                    _valuePosition += 4 + length;
                }

                value.CopyTo(output.EnsureData(value.Length));
                output.DataLength += value.Length;
                next++;
            }

            offsets[start + i + 1] = output.DataLength;
        }
    }

    private void ReadBooleans(ColumnOutput output, int start, int n)
    {
        var validity = output.Validity.Span;
        var bits = output.Values.Span;
        var next = _nonNullConsumed;
        var values = _page.AsSpan(_valuesStart, _valuesEnd - _valuesStart);
        var rle = _encoding == ParquetEncoding.Rle ? _indices.Get(0) : null;
        for (var i = 0; i < n; i++)
        {
            if (!BitUtil.Get(validity, start + i))
            {
                continue;
            }

            var value = rle is not null ? rle[next] != 0 : BitUtil.Get(values, _valuePosition++);
            if (value)
            {
                BitUtil.Set(bits, start + i);
            }

            next++;
        }
    }

    /// <summary>Decodes a DELTA_LENGTH_BYTE_ARRAY or DELTA_BYTE_ARRAY page into the page's string buffers.</summary>
    private void DecodeDeltaStrings(ReadOnlySpan<byte> values, int count, bool prefixed)
    {
        var offsets = _stringOffsets.Get(count + 1).AsSpan(0, count + 1);
        var lengths = _longs.Get(count * 2).AsSpan(0, count * 2);
        var prefixLengths = lengths[count..];
        var position = 0;
        if (prefixed)
        {
            position = DeltaBinaryPackedDecoder.Decode(values, prefixLengths);
        }

        var suffixLengths = lengths[..count];
        position += DeltaBinaryPackedDecoder.Decode(values[position..], suffixLengths);
        long total = 0;
        long previous = 0;
        // Prefixes let few bytes describe many; the expansion is bounded so a corrupt page cannot demand gigabytes.
        var limit = Math.Max(values.Length * 256L, 1L << 24);
        for (var i = 0; i < count; i++)
        {
            var prefix = prefixed ? prefixLengths[i] : 0;
            if (suffixLengths[i] < 0 || prefix < 0 || prefix > previous || suffixLengths[i] > values.Length)
            {
                ThrowHelper.Format($"A {(prefixed ? "DELTA_BYTE_ARRAY" : "DELTA_LENGTH_BYTE_ARRAY")} page has an invalid length at value {i}.");
            }

            offsets[i] = (int)total;
            previous = prefix + suffixLengths[i];
            total += previous;
            if (total > limit)
            {
                ThrowHelper.Format($"A delta-encoded string page of {values.Length} bytes expands past {limit} bytes.");
            }
        }

        offsets[count] = (int)total;
        var data = _stringData.Get((int)total);
        var suffixes = values[position..];
        var suffixPosition = 0;
        for (var i = 0; i < count; i++)
        {
            var prefix = prefixed ? (int)prefixLengths[i] : 0;
            var suffix = (int)suffixLengths[i];
            if (suffix > suffixes.Length - suffixPosition)
            {
                ThrowHelper.Truncated("delta-encoded string bytes", suffix, suffixes.Length - suffixPosition);
            }

            if (prefix > 0)
            {
                data.AsSpan(offsets[i - 1], prefix).CopyTo(data.AsSpan(offsets[i]));
            }

            suffixes.Slice(suffixPosition, suffix).CopyTo(data.AsSpan(offsets[i] + prefix));
            suffixPosition += suffix;
        }
    }
}
