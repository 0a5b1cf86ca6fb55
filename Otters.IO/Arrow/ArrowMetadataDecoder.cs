using System.Buffers.Binary;
using Otters.IO.Arrow.FlatBuffers;
using static Otters.IO.Arrow.ArrowMetadataIds;

namespace Otters.IO.Arrow;

/// <summary>
/// Decodes Arrow IPC metadata from FlatBuffers. Every count is checked against the bytes that hold
/// it before anything is allocated; malformed metadata throws <see cref="InvalidDataException"/>.
/// </summary>
internal static class ArrowMetadataDecoder
{
    /// <summary>Decodes one <c>Message</c>.</summary>
    public static ArrowMessage DecodeMessage(ReadOnlySpan<byte> metadata)
    {
        var message = FlatBufferTable.GetRoot(metadata, "message");
        var version = message.GetInt16(MessageVersion, 0);
        if (version < MetadataVersionV4 || version > MetadataVersionV5)
        {
            FlatBufferChecks.Fail($"The message has metadata version {version + 1}; Otters reads versions 4 and 5.");
        }

        var bodyLength = message.GetInt64(MessageBodyLength, 0);
        if (bodyLength < 0)
        {
            FlatBufferChecks.Fail($"The message declares a negative body length of {bodyLength}.");
        }

        var type = (ArrowMessageType)message.GetByte(MessageHeaderType, 0);
        switch (type)
        {
            case ArrowMessageType.Schema:
                RequireHeader(message, out var schema, type);
                return new ArrowMessage(type, bodyLength, DecodeSchema(schema), null);
            case ArrowMessageType.RecordBatch:
                RequireHeader(message, out var batch, type);
                return new ArrowMessage(type, bodyLength, null, DecodeRecordBatch(batch));
            case ArrowMessageType.DictionaryBatch:
            case ArrowMessageType.Tensor:
            case ArrowMessageType.SparseTensor:
                return new ArrowMessage(type, bodyLength, null, null);
            default:
                FlatBufferChecks.Fail($"The message has an unknown header type {(byte)type}.");
                return null!;
        }
    }

    /// <summary>Decodes the <c>Footer</c> of an IPC file.</summary>
    public static ArrowFooter DecodeFooter(ReadOnlySpan<byte> metadata)
    {
        var footer = FlatBufferTable.GetRoot(metadata, "footer");
        if (!footer.TryGetTable(FooterSchema, "footer schema", out var schema))
        {
            FlatBufferChecks.Fail("The footer has no schema.");
        }

        var fields = DecodeSchema(schema);
        var dictionaries = footer.GetVectorLength(FooterDictionaries, ArrowBlock.Size, "dictionary block");
        var bytes = footer.GetVectorBytes(FooterRecordBatches, ArrowBlock.Size, "record batch block");
        var blocks = new ArrowBlock[bytes.Length / ArrowBlock.Size];
        for (var i = 0; i < blocks.Length; i++)
        {
            var block = bytes.Slice(i * ArrowBlock.Size, ArrowBlock.Size);
            blocks[i] = new ArrowBlock(
                BinaryPrimitives.ReadInt64LittleEndian(block),
                BinaryPrimitives.ReadInt32LittleEndian(block[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(block[16..]));
        }

        return new ArrowFooter(fields, blocks, dictionaries);
    }

    private static void RequireHeader(FlatBufferTable message, out FlatBufferTable header, ArrowMessageType type)
    {
        if (!message.TryGetTable(MessageHeader, type.ToString(), out header))
        {
            FlatBufferChecks.Fail($"The {type} message has no header.");
        }
    }

    private static ArrowField[] DecodeSchema(FlatBufferTable schema)
    {
        if (schema.GetInt16(SchemaEndianness, 0) != 0)
        {
            FlatBufferChecks.Fail("The schema is big-endian; Otters reads only little-endian Arrow data.");
        }

        var count = schema.GetVectorLength(SchemaFields, sizeof(int), "schema fields");
        var fields = new ArrowField[count];
        for (var i = 0; i < count; i++)
        {
            var field = schema.GetTableElement(SchemaFields, i, "field");
            var name = field.GetString(FieldName, "field name") ?? string.Empty;
            var typeId = (ArrowTypeId)field.GetByte(FieldTypeType, 0);
            if (!field.TryGetTable(FieldType, "field type", out var typeTable))
            {
                FlatBufferChecks.Fail($"Field '{name}' has no type table.");
            }

            var type = DecodeType(typeId, typeTable);

            fields[i] = new ArrowField(
                name,
                type,
                field.GetBool(FieldNullable, false),
                field.GetVectorLength(FieldChildren, sizeof(int), "field children"),
                field.Has(FieldDictionary));
        }

        return fields;
    }

    private static ArrowType DecodeType(ArrowTypeId id, FlatBufferTable type)
    {
        switch (id)
        {
            case ArrowTypeId.Int:
                return new ArrowType(id, type.GetInt32(IntBitWidth, 0), type.GetBool(IntIsSigned, false), default, null);
            case ArrowTypeId.FloatingPoint:
                var precision = type.GetInt16(FloatingPointPrecision, 0);
                return new ArrowType(id, precision switch { 0 => 16, PrecisionSingle => 32, PrecisionDouble => 64, _ => 0 }, true, default, null);
            case ArrowTypeId.Timestamp:
                var unit = type.GetInt16(TimestampUnit, 0);
                if (unit is < 0 or > 3)
                {
                    FlatBufferChecks.Fail($"A timestamp field has an unknown time unit {unit}.");
                }

                return ArrowType.Timestamp((ArrowTimeUnit)unit, type.GetString(TimestampTimezone, "timestamp timezone"));
            default:
                return new ArrowType(id, 0, false, default, null);
        }
    }

    private static ArrowRecordBatchInfo DecodeRecordBatch(FlatBufferTable batch)
    {
        if (batch.Has(RecordBatchCompression))
        {
            FlatBufferChecks.Fail("The record batch is compressed; Otters reads only uncompressed Arrow IPC.");
        }

        var length = batch.GetInt64(RecordBatchLength, 0);
        if (length < 0)
        {
            FlatBufferChecks.Fail($"The record batch declares a negative length of {length}.");
        }

        var nodeBytes = batch.GetVectorBytes(RecordBatchNodes, ArrowFieldNode.Size, "field node");
        var nodes = new ArrowFieldNode[nodeBytes.Length / ArrowFieldNode.Size];
        for (var i = 0; i < nodes.Length; i++)
        {
            var node = nodeBytes[(i * ArrowFieldNode.Size)..];
            nodes[i] = new ArrowFieldNode(BinaryPrimitives.ReadInt64LittleEndian(node), BinaryPrimitives.ReadInt64LittleEndian(node[8..]));
        }

        var bufferBytes = batch.GetVectorBytes(RecordBatchBuffers, ArrowBufferRegion.Size, "buffer");
        var buffers = new ArrowBufferRegion[bufferBytes.Length / ArrowBufferRegion.Size];
        for (var i = 0; i < buffers.Length; i++)
        {
            var buffer = bufferBytes[(i * ArrowBufferRegion.Size)..];
            buffers[i] = new ArrowBufferRegion(BinaryPrimitives.ReadInt64LittleEndian(buffer), BinaryPrimitives.ReadInt64LittleEndian(buffer[8..]));
        }

        return new ArrowRecordBatchInfo(length, nodes, buffers);
    }
}
