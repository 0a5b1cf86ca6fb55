using Otters.Memory;
using static Otters.IO.Arrow.ArrowBufferChecks;

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

            var bufferCount = field.Type.Id is ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8 ? 3 : 2;
            if (buffer + bufferCount > info.Buffers.Length)
            {
                Fail($"The record batch lists {info.Buffers.Length} buffers, too few for column '{field.Name}'.");
            }

            var validity = ReadValidity(field, length, (int)node.NullCount, Region(body, info.Buffers[buffer], field));
            var nullCount = (int)node.NullCount;
            var values = Region(body, info.Buffers[buffer + 1], field);
            columns[i] = field.Type.Id switch
            {
                ArrowTypeId.Utf8 => ArrowStringReader.Read<int>(field, length, validity, nullCount, values, Region(body, info.Buffers[buffer + 2], field)),
                ArrowTypeId.LargeUtf8 => ArrowStringReader.Read<long>(field, length, validity, nullCount, values, Region(body, info.Buffers[buffer + 2], field)),
                ArrowTypeId.Bool => new BooleanColumn(Copy(field, values, BitmapBytes(length)), validity, length, nullCount),
                _ => ArrowNumericReader.Read(schema[i].Type, field, length, validity, nullCount, values),
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
}
