using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Otters.IO.Parquet.Encodings;
using Otters.IO.Parquet.Format;

namespace Otters.IO.Parquet.Internal;

/// <summary>Setting up a page's value decoding, and decoding fixed-width values.</summary>
internal sealed partial class ColumnChunkReader
{
    private const long MillisPerDay = 86_400_000L;
    private const long NanosPerDay = 86_400_000_000_000L;
    private const int JulianDayOfEpoch = 2_440_588;

    private int PhysicalWidth => _leaf.Physical switch
    {
        PhysicalType.Int32 or PhysicalType.Float => 4,
        PhysicalType.Int64 or PhysicalType.Double => 8,
        PhysicalType.Int96 => 12,
        _ => 0,
    };

    private void BeginValues(ParquetEncoding encoding, byte[] page, int start, int end, int nonNull)
    {
        if (nonNull < 0)
        {
            ThrowHelper.Format($"A data page declares fewer values than nulls ({nonNull}).");
        }

        _encoding = encoding;
        _page = page;
        _valuesStart = start;
        _valuesEnd = end;
        _valuePosition = start;
        _nonNullTotal = nonNull;
        _pageNulls = _pageValues - nonNull;
        var values = page.AsSpan(start, end - start);
        switch (encoding)
        {
            case ParquetEncoding.Plain:
                if (PhysicalWidth > 0 && (long)nonNull * PhysicalWidth > values.Length)
                {
                    ThrowHelper.Truncated("PLAIN values", nonNull * PhysicalWidth, values.Length);
                }

                if (_leaf.Physical == PhysicalType.Boolean && (nonNull + 7) / 8 > values.Length)
                {
                    ThrowHelper.Truncated("PLAIN booleans", (nonNull + 7) / 8, values.Length);
                }

                _valuePosition = _leaf.Physical == PhysicalType.Boolean ? 0 : start;
                break;
            case ParquetEncoding.PlainDictionary or ParquetEncoding.RleDictionary:
                BeginDictionaryIndices(values, nonNull);
                break;
            case ParquetEncoding.Rle when _leaf.Physical == PhysicalType.Boolean:
                var length = values.Length < 4 ? -1 : BinaryPrimitives.ReadInt32LittleEndian(values);
                if (length < 0 || length > values.Length - 4)
                {
                    ThrowHelper.Format("An RLE boolean page has a missing or wrong length prefix.");
                }

                var bits = _indices.Get(nonNull).AsSpan(0, nonNull);
                new RleBitPackedDecoder(values.Slice(4, length), 1).Read(bits);
                break;
            case ParquetEncoding.DeltaBinaryPacked when _leaf.Physical is PhysicalType.Int32 or PhysicalType.Int64:
                DeltaBinaryPackedDecoder.Decode(values, _longs.Get(nonNull).AsSpan(0, nonNull));
                break;
            case ParquetEncoding.ByteStreamSplit when PhysicalWidth > 0:
                if ((long)nonNull * PhysicalWidth != values.Length)
                {
                    ThrowHelper.Format($"A BYTE_STREAM_SPLIT page holds {values.Length} bytes for {nonNull} values of {PhysicalWidth} bytes.");
                }

                break;
            case ParquetEncoding.DeltaLengthByteArray or ParquetEncoding.DeltaByteArray when _leaf.Physical == PhysicalType.ByteArray:
                DecodeDeltaStrings(values, nonNull, encoding == ParquetEncoding.DeltaByteArray);
                break;
            default:
                ThrowHelper.Format($"Column '{_leaf.Name}' uses the {encoding} encoding for {_leaf.Physical} values, which Otters does not read.");
                break;
        }
    }

    /// <summary>Decodes <paramref name="k"/> values of the page densely into <paramref name="destination"/>.</summary>
    private void ReadFixed(Span<byte> destination, int k)
    {
        if (k == 0)
        {
            return;
        }

        var width = PhysicalWidth;
        switch (_encoding)
        {
            case ParquetEncoding.Plain:
                Convert(_page.AsSpan(_valuePosition, k * width), destination, k);
                _valuePosition += k * width;
                break;
            case ParquetEncoding.ByteStreamSplit:
                var physical = _leaf.Conversion == ValueConversion.None ? destination : _convert.Get(k * width).AsSpan(0, k * width);
                var streams = _page.AsSpan(_valuesStart, _valuesEnd - _valuesStart);
                for (var b = 0; b < width; b++)
                {
                    var stream = streams.Slice((b * _nonNullTotal) + _nonNullConsumed, k);
                    for (var i = 0; i < stream.Length; i++)
                    {
                        physical[(i * width) + b] = stream[i];
                    }
                }

                if (_leaf.Conversion != ValueConversion.None)
                {
                    Convert(physical, destination, k);
                }

                break;
            case ParquetEncoding.DeltaBinaryPacked:
                var longs = _longs.Get(0).AsSpan(_nonNullConsumed, k);
                if (_leaf.Conversion == ValueConversion.DaysToMillis)
                {
                    var target = MemoryMarshal.Cast<byte, long>(destination);
                    for (var i = 0; i < k; i++)
                    {
                        target[i] = (int)longs[i] * MillisPerDay;
                    }
                }
                else if (_valueWidth == 8)
                {
                    longs.CopyTo(MemoryMarshal.Cast<byte, long>(destination));
                }
                else
                {
                    var target = MemoryMarshal.Cast<byte, int>(destination);
                    for (var i = 0; i < k; i++)
                    {
                        target[i] = (int)longs[i];
                    }
                }

                break;
            default: // dictionary
                GatherFixed(_indices.Get(0).AsSpan(_nonNullConsumed, k), destination);
                break;
        }
    }

    /// <summary>Turns physical values into column values.</summary>
    private void Convert(ReadOnlySpan<byte> physical, Span<byte> destination, int k)
    {
        switch (_leaf.Conversion)
        {
            case ValueConversion.None:
                physical.CopyTo(destination);
                break;
            case ValueConversion.FloatToDouble:
            {
                var source = MemoryMarshal.Cast<byte, float>(physical);
                var target = MemoryMarshal.Cast<byte, double>(destination);
                for (var i = 0; i < k; i++)
                {
                    target[i] = source[i];
                }

                break;
            }

            case ValueConversion.DaysToMillis:
            {
                var source = MemoryMarshal.Cast<byte, int>(physical);
                var target = MemoryMarshal.Cast<byte, long>(destination);
                for (var i = 0; i < k; i++)
                {
                    target[i] = source[i] * MillisPerDay;
                }

                break;
            }

            case ValueConversion.Int96ToNanos:
            {
                var target = MemoryMarshal.Cast<byte, long>(destination);
                for (var i = 0; i < k; i++)
                {
                    var value = physical.Slice(i * 12, 12);
                    var nanosOfDay = BinaryPrimitives.ReadInt64LittleEndian(value);
                    var julianDay = BinaryPrimitives.ReadInt32LittleEndian(value[8..]);
                    target[i] = unchecked(((julianDay - JulianDayOfEpoch) * NanosPerDay) + nanosOfDay);
                }

                break;
            }
        }
    }
}
