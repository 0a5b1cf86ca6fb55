using System.Buffers.Binary;
using Otters.IO.Parquet.Encodings;
using Otters.IO.Parquet.Format;
using Otters.Memory;

namespace Otters.IO.Parquet.Internal;

/// <summary>Strings (PLAIN or dictionary-encoded) and booleans.</summary>
internal sealed partial class ColumnChunkWriter
{
    /// <summary>A dictionary larger than this stops paying for itself in one page's worth of reading.</summary>
    private const int MaxDictionaryBytes = 8 << 20;

    /// <summary>
    /// Builds the chunk's dictionary and indices; returns false (and leaves PLAIN to the caller) when the
    /// values are too varied for a dictionary to pay: more than half distinct, or too many bytes.
    /// </summary>
    private bool TryBuildDictionary(IReadOnlyList<Column> segments, long rows)
    {
        _dictionary.Clear();
        _indices.Clear();
        var nonNull = rows - _statistics.NullCount;
        foreach (var segment in segments)
        {
            var column = (StringColumn)segment;
            for (var i = 0; i < column.Length; i++)
            {
                if (column.IsNull(i))
                {
                    continue;
                }

                _indices.Add(_dictionary.GetOrAdd(column.GetBytes(i)));
                if (_dictionary.DataBytes > MaxDictionaryBytes || (_dictionary.Count > 1024 && _dictionary.Count * 2L > nonNull))
                {
                    return false;
                }
            }
        }

        for (var i = 0; i < _dictionary.Count; i++)
        {
            _statistics.AddBytes(_dictionary.Get(i));
        }

        return true;
    }

    private void WriteDictionaryPage()
    {
        _values.Clear();
        _dictionary.WritePlain(_values);
        _page.Clear();
        Append(_page, _values.WrittenSpan);
        _values.Clear();
        EmitPage(PageType.DictionaryPage, ParquetEncoding.Plain, _dictionary.Count, _page.WrittenSpan);
    }

    private void WriteIndexPages(IReadOnlyList<Column> segments)
    {
        var bitWidth = RleBitPackedEncoder.BitWidth(Math.Max(_dictionary.Count - 1, 0));
        var rowsPerPage = (int)Math.Min(Math.Max(1L, _options.PageBytes * 8L / Math.Max(bitWidth, 1)), 1 << 20);
        var indices = _indices.Span;
        var next = 0;
        var pageStart = 0;
        foreach (var segment in segments)
        {
            for (var start = 0; start < segment.Length;)
            {
                var take = Math.Min(segment.Length - start, rowsPerPage - _levels.Count);
                AddLevels(_levels, segment, start, take);
                next += take - CountNulls(segment, start, take);
                start += take;
                if (_levels.Count == rowsPerPage)
                {
                    FlushIndexPage(indices[pageStart..next], bitWidth);
                    pageStart = next;
                }

            }
        }

        FlushIndexPage(indices[pageStart..next], bitWidth);
    }

    private void FlushIndexPage(ReadOnlySpan<int> indices, int bitWidth)
    {
        if (_levels.Count == 0)
        {
            return;
        }

        _values.Clear();
        _values.GetSpan(1)[0] = (byte)bitWidth;
        _values.Advance(1);
        RleBitPackedEncoder.Encode(indices, bitWidth, _values);
        FlushDataPage(ParquetEncoding.RleDictionary);
    }

    private void WritePlainStrings(IReadOnlyList<Column> segments)
    {
        foreach (var segment in segments)
        {
            var column = (StringColumn)segment;
            for (var i = 0; i < column.Length; i++)
            {
                if (column.IsNull(i))
                {
                    _levels.Add(0);
                }
                else
                {
                    _levels.Add(1);
                    var value = column.GetBytes(i);
                    var span = _values.GetSpan(value.Length + 4);
                    BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
                    value.CopyTo(span[4..]);
                    _values.Advance(value.Length + 4);
                    _statistics.AddBytes(value);
                }

                if (_values.WrittenCount >= _options.PageBytes)
                {
                    FlushDataPage(ParquetEncoding.Plain);
                }
            }
        }

        FlushDataPage(ParquetEncoding.Plain);
    }

    private void WriteBooleans(IReadOnlyList<Column> segments)
    {
        var rowsPerPage = (int)Math.Min(_options.PageBytes * 8L, 1 << 22);
        foreach (var segment in segments)
        {
            var column = (BooleanColumn)segment;
            for (var i = 0; i < column.Length; i++)
            {
                if (column.IsNull(i))
                {
                    _levels.Add(0);
                }
                else
                {
                    _levels.Add(1);
                    if ((_bitCount & 7) == 0)
                    {
                        _values.GetSpan(1)[0] = 0;
                        _values.Advance(1);
                    }

                    var value = column.GetBoolean(i);
                    if (value)
                    {
                        // The byte just advanced past is the last written one; set the bit in place.
                        SetLastBit(_bitCount & 7);
                    }

                    _statistics.AddLong(value ? 1 : 0);
                    _bitCount++;
                }

                if (_levels.Count == rowsPerPage)
                {
                    FlushDataPage(ParquetEncoding.Plain);
                }
            }
        }

        FlushDataPage(ParquetEncoding.Plain);
    }

    private void SetLastBit(int bit)
    {
        var written = System.Runtime.InteropServices.MemoryMarshal.AsMemory(_values.WrittenMemory);
        written.Span[^1] |= (byte)(1 << bit);
    }

    private static int CountNulls(Column column, int start, int count)
    {
        if (column.NullCount == 0)
        {
            return 0;
        }

        var validity = column.Validity;
        var nulls = 0;
        for (var i = start; i < start + count; i++)
        {
            nulls += BitUtil.Get(validity, i) ? 0 : 1;
        }

        return nulls;
    }
}
