using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Otters.IO.Parquet.Compression;
using Otters.IO.Parquet.Encodings;
using Otters.IO.Parquet.Format;
using Otters.IO.Parquet.Thrift;
using Otters.Memory;

namespace Otters.IO.Parquet.Internal;

/// <summary>
/// Encodes one column of a row group (the column's slices of the buffered batches) as a column chunk:
/// an optional dictionary page, then version 1 data pages of RLE definition levels and PLAIN values or
/// RLE dictionary indices. Buffers are reused from one chunk to the next.
/// </summary>
internal sealed partial class ColumnChunkWriter
{
    private readonly ParquetSinkOptions _options;
    private readonly CompressionCodec _codec;
    private readonly ArrayBufferWriter<byte> _chunk = new(1 << 16);
    private readonly ArrayBufferWriter<byte> _values = new(1 << 16);
    private readonly ArrayBufferWriter<byte> _page = new(1 << 16);
    private readonly ArrayBufferWriter<byte> _levelBytes = new(1 << 12);
    private readonly ArrayBufferWriter<byte> _compressed = new(1 << 16);
    private readonly ThriftCompactWriter _header = new();
    private readonly IntBuffer _levels = new();
    private readonly IntBuffer _indices = new();
    private readonly StringDictionaryBuilder _dictionary = new();
    private readonly HashSet<ParquetEncoding> _encodings = [];
    private ChunkStatistics _statistics = new();
    private int _bitCount; // PLAIN booleans: bits written into _values
    private long _uncompressedTotal;
    private long _dataPageOffset = -1;

    public ColumnChunkWriter(ParquetSinkOptions options)
    {
        _options = options;
        _codec = options.Compression switch
        {
            ParquetCompression.Snappy => CompressionCodec.Snappy,
            ParquetCompression.Gzip => CompressionCodec.Gzip,
            ParquetCompression.Zstd => CompressionCodec.Zstd,
            _ => CompressionCodec.Uncompressed,
        };
    }

    /// <summary>Gets the encoded chunk, to be written at the offset given to <see cref="Encode"/>.</summary>
    public ReadOnlyMemory<byte> Bytes => _chunk.WrittenMemory;

    /// <summary>Encodes the column's segments; returns its metadata with offsets from <paramref name="fileOffset"/>.</summary>
    public ColumnChunk Encode(Field field, IReadOnlyList<Column> segments, long fileOffset)
    {
        _chunk.Clear();
        _encodings.Clear();
        _statistics = new ChunkStatistics();
        _uncompressedTotal = 0;
        _dataPageOffset = -1;
        long? dictionaryOffset = null;
        long rows = 0;
        foreach (var segment in segments)
        {
            rows += segment.Length;
            _statistics.NullCount += segment.NullCount;
        }

        var physical = field.Type.Kind switch
        {
            ColumnKind.String => PhysicalType.ByteArray,
            ColumnKind.Float64 => PhysicalType.Double,
            ColumnKind.Int32 => PhysicalType.Int32,
            ColumnKind.Boolean => PhysicalType.Boolean,
            _ => PhysicalType.Int64,
        };

        switch (field.Type.Kind)
        {
            case ColumnKind.String when _options.Dictionary && TryBuildDictionary(segments, rows):
                dictionaryOffset = fileOffset;
                WriteDictionaryPage();
                WriteIndexPages(segments);
                break;
            case ColumnKind.String:
                WritePlainStrings(segments);
                break;
            case ColumnKind.Boolean:
                WriteBooleans(segments);
                break;
            case ColumnKind.Float64:
                WriteFixed<double>(segments, field.Type);
                break;
            case ColumnKind.Int32:
                WriteFixed<int>(segments, field.Type);
                break;
            default:
                WriteFixed<long>(segments, field.Type);
                break;
        }

        var meta = new ColumnMetaData
        {
            Type = physical,
            Encodings = [.. _encodings.Append(ParquetEncoding.Rle).Distinct().Order()],
            PathInSchema = [field.Name],
            Codec = _codec,
            NumValues = rows,
            TotalUncompressedSize = _uncompressedTotal,
            TotalCompressedSize = _chunk.WrittenCount,
            DataPageOffset = fileOffset + (_dataPageOffset < 0 ? 0 : _dataPageOffset),
            DictionaryPageOffset = dictionaryOffset,
            Statistics = _statistics.ToStatistics(field.Type),
        };
        return new ColumnChunk { FileOffset = fileOffset, MetaData = meta };
    }

    /// <summary>Compresses the assembled page and appends its header and body to the chunk.</summary>
    private void EmitPage(PageType type, ParquetEncoding encoding, int numValues, ReadOnlySpan<byte> body)
    {
        _compressed.Clear();
        var compressed = PageCodec.Compress(_codec, body, _compressed);
        var header = new PageHeader
        {
            Type = type,
            UncompressedPageSize = body.Length,
            CompressedPageSize = compressed,
        };
        if (type == PageType.DictionaryPage)
        {
            header.DictionaryPageHeader = new DictionaryPageHeader { NumValues = numValues, Encoding = ParquetEncoding.Plain };
        }
        else
        {
            header.DataPageHeader = new DataPageHeader
            {
                NumValues = numValues,
                Encoding = encoding,
                DefinitionLevelEncoding = ParquetEncoding.Rle,
                RepetitionLevelEncoding = ParquetEncoding.Rle,
            };
            if (_dataPageOffset < 0)
            {
                _dataPageOffset = _chunk.WrittenCount;
            }
        }

        _header.Clear();
        header.Write(_header);
        Append(_header.WrittenSpan);
        Append(_compressed.WrittenSpan);
        _uncompressedTotal += _header.Length + body.Length;
        _encodings.Add(encoding);
    }

    /// <summary>Assembles and emits a data page from the pending levels and values.</summary>
    private void FlushDataPage(ParquetEncoding encoding)
    {
        if (_levels.Count == 0)
        {
            return;
        }

        _levelBytes.Clear();
        RleBitPackedEncoder.Encode(_levels.Span, 1, _levelBytes);
        _page.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(_page.GetSpan(4), _levelBytes.WrittenCount);
        _page.Advance(4);
        Append(_page, _levelBytes.WrittenSpan);
        Append(_page, _values.WrittenSpan);
        EmitPage(PageType.DataPage, encoding, _levels.Count, _page.WrittenSpan);
        _levels.Clear();
        _values.Clear();
        _bitCount = 0;
    }

    private void Append(ReadOnlySpan<byte> bytes) => Append(_chunk, bytes);

    private static void Append(ArrayBufferWriter<byte> target, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(target.GetSpan(bytes.Length));
        target.Advance(bytes.Length);
    }

    private static void AddLevels(IntBuffer levels, Column column, int start, int count)
    {
        if (column.NullCount == 0)
        {
            levels.AddRepeated(1, count);
            return;
        }

        var validity = column.Validity;
        for (var i = start; i < start + count; i++)
        {
            levels.Add(BitUtil.Get(validity, i) ? 1 : 0);
        }
    }

    private void WriteFixed<T>(IReadOnlyList<Column> segments, ColumnType type)
        where T : unmanaged
    {
        var width = Marshal.SizeOf<T>();
        var rowsPerPage = Math.Max(1, _options.PageBytes / width);
        var seconds = type.Kind == ColumnKind.Timestamp && type.Unit == TimeUnit.Second;
        foreach (var segment in segments)
        {
            var column = (PrimitiveColumn<T>)segment;
            var values = MemoryMarshal.AsBytes(column.Values);
            for (var start = 0; start < column.Length;)
            {
                var take = Math.Min(column.Length - start, rowsPerPage - _levels.Count);
                AddLevels(_levels, column, start, take);
                var target = _values.GetSpan(take * width);
                var written = 0;
                if (column.NullCount == 0)
                {
                    values.Slice(start * width, take * width).CopyTo(target);
                    written = take;
                }
                else
                {
                    var validity = column.Validity;
                    for (var i = start; i < start + take; i++)
                    {
                        if (BitUtil.Get(validity, i))
                        {
                            values.Slice(i * width, width).CopyTo(target[(written++ * width)..]);
                        }
                    }
                }

                var dense = target[..(written * width)];
                AddFixedStatistics<T>(dense, seconds);
                _values.Advance(written * width);
                start += take;
                if (_levels.Count == rowsPerPage)
                {
                    FlushDataPage(ParquetEncoding.Plain);
                }
            }
        }

        FlushDataPage(ParquetEncoding.Plain);
    }

    private void AddFixedStatistics<T>(Span<byte> dense, bool seconds)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            foreach (var value in MemoryMarshal.Cast<byte, double>(dense))
            {
                _statistics.AddDouble(value);
            }
        }
        else if (typeof(T) == typeof(int))
        {
            foreach (var value in MemoryMarshal.Cast<byte, int>(dense))
            {
                _statistics.AddLong(value);
            }
        }
        else
        {
            var longs = MemoryMarshal.Cast<byte, long>(dense);
            if (seconds)
            {
                // Parquet has no seconds unit: seconds are written as milliseconds.
                for (var i = 0; i < longs.Length; i++)
                {
                    longs[i] = checked(longs[i] * 1000);
                }
            }

            _statistics.AddLongs(longs);
        }
    }
}
