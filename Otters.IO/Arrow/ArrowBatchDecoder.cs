using System.Runtime.InteropServices;
using System.Text.Unicode;
using Otters.Memory;

namespace Otters.IO.Arrow;

/// <summary>
/// Turns one Arrow record batch body into an Otters <see cref="RecordBatch"/>. The layouts are the
/// same, so each column is a copy of its buffers; every node, buffer region, bitmap and offset is
/// checked first and a mismatch throws <see cref="InvalidDataException"/>.
/// </summary>
internal static class ArrowBatchDecoder
{
    /// <summary>Decodes the batch described by <paramref name="info"/> from <paramref name="body"/>.</summary>
    public static RecordBatch Decode(Schema schema, IReadOnlyList<ArrowField> fields, ArrowRecordBatchInfo info, ReadOnlySpan<byte> body)
    {
        if (info.Nodes.Length != fields.Count)
        {
            Fail($"The record batch has {info.Nodes.Length} field nodes but the schema has {fields.Count} columns.");
        }

        if (info.Length > int.MaxValue)
        {
            Fail($"The record batch declares {info.Length} rows, more than Otters holds in one batch.");
        }

        var length = (int)info.Length;
        var columns = new Column[fields.Count];
        var buffer = 0;
        for (var i = 0; i < columns.Length; i++)
        {
            var field = fields[i];
            var node = info.Nodes[i];
            if (node.Length != length || node.NullCount < 0 || node.NullCount > length)
            {
                Fail($"Column '{field.Name}' declares {node.Length} values with {node.NullCount} nulls in a batch of {length} rows.");
            }

            var bufferCount = field.Type.Id == ArrowTypeId.Utf8 ? 3 : 2;
            if (buffer + bufferCount > info.Buffers.Length)
            {
                Fail($"The record batch lists {info.Buffers.Length} buffers, too few for column '{field.Name}'.");
            }

            var validity = ReadValidity(field, length, (int)node.NullCount, Region(body, info.Buffers[buffer], field));
            var nullCount = (int)node.NullCount;
            var values = Region(body, info.Buffers[buffer + 1], field);
            columns[i] = field.Type.Id switch
            {
                ArrowTypeId.Utf8 => ReadString(field, length, validity, nullCount, values, Region(body, info.Buffers[buffer + 2], field)),
                ArrowTypeId.Bool => new BooleanColumn(Copy(field, values, BitmapBytes(length)), validity, length, nullCount),
                ArrowTypeId.FloatingPoint when field.Type.BitWidth == 32 => ReadFloat32(field, length, validity, nullCount, values),
                _ => ReadFixedWidth(schema[i].Type, field, length, validity, nullCount, values),
            };
            buffer += bufferCount;
        }

        if (buffer != info.Buffers.Length)
        {
            Fail($"The record batch lists {info.Buffers.Length} buffers but its columns use {buffer}.");
        }

        return new RecordBatch(schema, columns);
    }

    private static ReadOnlySpan<byte> Region(ReadOnlySpan<byte> body, ArrowBufferRegion region, ArrowField field)
    {
        if (region.Offset < 0 || region.Length < 0 || region.Offset > body.Length - region.Length)
        {
            Fail($"A buffer of column '{field.Name}' at body offset {region.Offset} with {region.Length} bytes lies outside the {body.Length}-byte body.");
        }

        return body.Slice((int)region.Offset, (int)region.Length);
    }

    private static AlignedBuffer? ReadValidity(ArrowField field, int length, int nullCount, ReadOnlySpan<byte> bitmap)
    {
        if (nullCount == 0)
        {
            return null;
        }

        var bitmapBytes = (int)BitmapBytes(length);
        var validity = Copy(field, bitmap, bitmapBytes);

        // Bits past the last row are unspecified in Arrow; Otters keeps them clear.
        if ((length & 7) != 0)
        {
            validity.Span[bitmapBytes - 1] &= (byte)((1 << (length & 7)) - 1);
        }

        var valid = BitUtil.CountSet(validity.Span, length);
        if (length - valid != nullCount)
        {
            Fail($"Column '{field.Name}' declares {nullCount} nulls but its validity bitmap has {length - valid}.");
        }

        return validity;
    }

    private static Column ReadFixedWidth(ColumnType type, ArrowField field, int length, AlignedBuffer? validity, int nullCount, ReadOnlySpan<byte> values)
        => type.Kind switch
        {
            ColumnKind.Float64 => new PrimitiveColumn<double>(type, Copy(field, values, (long)length * sizeof(double)), validity, length, nullCount),
            ColumnKind.Int32 => new PrimitiveColumn<int>(type, Copy(field, values, (long)length * sizeof(int)), validity, length, nullCount),
            _ => new PrimitiveColumn<long>(type, Copy(field, values, (long)length * sizeof(long)), validity, length, nullCount),
        };

    private static PrimitiveColumn<double> ReadFloat32(ArrowField field, int length, AlignedBuffer? validity, int nullCount, ReadOnlySpan<byte> values)
    {
        Require(field, values, (long)length * sizeof(float));
        var source = MemoryMarshal.Cast<byte, float>(values)[..length];
        if ((long)length * sizeof(double) > int.MaxValue - AlignedBuffer.Alignment)
        {
            Fail($"Column '{field.Name}' has {length} float32 values, too many to widen to float64 in one batch.");
        }

        var widened = AlignedBuffer.Allocate(length * sizeof(double), zero: false);
        var target = widened.AsSpan<double>();
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = source[i];
        }

        return new PrimitiveColumn<double>(ColumnType.Float64, widened, validity, length, nullCount);
    }

    private static StringColumn ReadString(ArrowField field, int length, AlignedBuffer? validity, int nullCount, ReadOnlySpan<byte> offsetBytes, ReadOnlySpan<byte> data)
    {
        // A zero-length column may omit its offsets entirely.
        if (length == 0 && offsetBytes.IsEmpty)
        {
            return new StringColumn(AlignedBuffer.Allocate(sizeof(int)), AlignedBuffer.Empty, null, 0, 0);
        }

        Require(field, offsetBytes, ((long)length + 1) * sizeof(int));
        var source = MemoryMarshal.Cast<byte, int>(offsetBytes)[..(length + 1)];
        var first = source[0];
        var previous = first;
        for (var i = 1; i <= length; i++)
        {
            if (source[i] < previous)
            {
                Fail($"The offsets of column '{field.Name}' decrease at row {i - 1}.");
            }

            previous = source[i];
        }

        if (first < 0 || previous > data.Length)
        {
            Fail($"The offsets of column '{field.Name}' run from {first} to {previous}, outside its {data.Length} bytes of string data.");
        }

        var bytes = data[first..previous];
        if (!Utf8.IsValid(bytes))
        {
            Fail($"Column '{field.Name}' holds bytes that are not valid UTF-8.");
        }

        var offsets = AlignedBuffer.Allocate((length + 1) * sizeof(int), zero: false);
        var target = offsets.AsSpan<int>();
        if (first == 0)
        {
            source.CopyTo(target);
        }
        else
        {
            // Arrow allows offsets that start past zero; Otters' string columns start at zero.
            for (var i = 0; i <= length; i++)
            {
                target[i] = source[i] - first;
            }
        }

        return new StringColumn(offsets, AlignedBuffer.CopyOf(bytes), validity, length, nullCount);
    }

    private static long BitmapBytes(int length) => ((long)length + 7) >> 3;

    private static AlignedBuffer Copy(ArrowField field, ReadOnlySpan<byte> source, long byteCount)
    {
        // Once checked against the source, the count fits in an int.
        Require(field, source, byteCount);
        return AlignedBuffer.CopyOf(source[..(int)byteCount]);
    }

    private static void Require(ArrowField field, ReadOnlySpan<byte> source, long byteCount)
    {
        if (source.Length < byteCount)
        {
            Fail($"A buffer of column '{field.Name}' has {source.Length} bytes but its values need {byteCount}.");
        }
    }

    private static void Fail(string message) => throw new InvalidDataException(message);
}
