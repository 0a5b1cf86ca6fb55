using Otters.IO.Arrow.FlatBuffers;
using static Otters.IO.Arrow.ArrowMetadataIds;

namespace Otters.IO.Arrow;

/// <summary>Encodes Arrow IPC metadata (Schema and RecordBatch messages, the file Footer) as FlatBuffers.</summary>
internal static class ArrowMetadataEncoder
{
    /// <summary>Encodes a <c>Message</c> whose header is the schema of <paramref name="fields"/>.</summary>
    public static byte[] EncodeSchemaMessage(IReadOnlyList<ArrowField> fields)
    {
        var builder = new FlatBufferBuilder();
        var schema = AddSchema(builder, fields);
        return FinishMessage(builder, ArrowMessageType.Schema, schema, bodyLength: 0);
    }

    /// <summary>Encodes a <c>Message</c> whose header is a record batch laid out as given.</summary>
    public static byte[] EncodeRecordBatchMessage(long length, ReadOnlySpan<ArrowFieldNode> nodes, ReadOnlySpan<ArrowBufferRegion> buffers, long bodyLength)
    {
        var builder = new FlatBufferBuilder(128 + ((nodes.Length + buffers.Length) * 16));
        builder.StartVector(ArrowBufferRegion.Size, buffers.Length, sizeof(long));
        for (var i = buffers.Length - 1; i >= 0; i--)
        {
            builder.PutInt64(buffers[i].Length);
            builder.PutInt64(buffers[i].Offset);
        }

        var bufferVector = builder.EndVector();
        builder.StartVector(ArrowFieldNode.Size, nodes.Length, sizeof(long));
        for (var i = nodes.Length - 1; i >= 0; i--)
        {
            builder.PutInt64(nodes[i].NullCount);
            builder.PutInt64(nodes[i].Length);
        }

        var nodeVector = builder.EndVector();
        builder.StartTable(RecordBatchFieldCount);
        builder.AddInt64(RecordBatchLength, length, 0);
        builder.AddOffset(RecordBatchNodes, nodeVector);
        builder.AddOffset(RecordBatchBuffers, bufferVector);
        var batch = builder.EndTable();
        return FinishMessage(builder, ArrowMessageType.RecordBatch, batch, bodyLength);
    }

    /// <summary>Encodes the <c>Footer</c> of an IPC file.</summary>
    public static byte[] EncodeFooter(IReadOnlyList<ArrowField> fields, ReadOnlySpan<ArrowBlock> recordBatches)
    {
        var builder = new FlatBufferBuilder(256 + (recordBatches.Length * ArrowBlock.Size));
        builder.StartVector(ArrowBlock.Size, recordBatches.Length, sizeof(long));
        for (var i = recordBatches.Length - 1; i >= 0; i--)
        {
            builder.PutInt64(recordBatches[i].BodyLength);
            builder.Pad(4);
            builder.PutInt32(recordBatches[i].MetadataLength);
            builder.PutInt64(recordBatches[i].Offset);
        }

        var blocks = builder.EndVector();
        builder.StartVector(ArrowBlock.Size, 0, sizeof(long));
        var dictionaries = builder.EndVector();
        var schema = AddSchema(builder, fields);
        builder.StartTable(FooterFieldCount);
        builder.AddInt16(FooterVersion, MetadataVersionV5, 0);
        builder.AddOffset(FooterSchema, schema);
        builder.AddOffset(FooterDictionaries, dictionaries);
        builder.AddOffset(FooterRecordBatches, blocks);
        return builder.Finish(builder.EndTable()).ToArray();
    }

    private static byte[] FinishMessage(FlatBufferBuilder builder, ArrowMessageType type, int header, long bodyLength)
    {
        builder.StartTable(MessageFieldCount);
        builder.AddInt64(MessageBodyLength, bodyLength, 0);
        builder.AddOffset(MessageHeader, header);
        builder.AddInt16(MessageVersion, MetadataVersionV5, 0);
        builder.AddByte(MessageHeaderType, (byte)type, 0);
        return builder.Finish(builder.EndTable()).ToArray();
    }

    private static int AddSchema(FlatBufferBuilder builder, IReadOnlyList<ArrowField> fields)
    {
        var fieldOffsets = new int[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            fieldOffsets[i] = AddField(builder, fields[i]);
        }

        var vector = builder.CreateOffsetVector(fieldOffsets);
        builder.StartTable(SchemaFieldCount);
        builder.AddOffset(SchemaFields, vector);
        return builder.EndTable();
    }

    private static int AddField(FlatBufferBuilder builder, ArrowField field)
    {
        var name = builder.CreateString(field.Name);
        var type = AddType(builder, field.Type);
        var children = builder.CreateOffsetVector([]);
        builder.StartTable(FieldFieldCount);
        builder.AddOffset(FieldName, name);
        builder.AddOffset(FieldType, type);
        builder.AddOffset(FieldChildren, children);
        builder.AddByte(FieldTypeType, (byte)field.Type.Id, 0);
        builder.AddByte(FieldNullable, field.Nullable ? (byte)1 : (byte)0, 0);
        return builder.EndTable();
    }

    private static int AddType(FlatBufferBuilder builder, ArrowType type)
    {
        switch (type.Id)
        {
            case ArrowTypeId.Int:
                builder.StartTable(IntFieldCount);
                builder.AddInt32(IntBitWidth, type.BitWidth, 0);
                builder.AddByte(IntIsSigned, type.IsSigned ? (byte)1 : (byte)0, 0);
                return builder.EndTable();
            case ArrowTypeId.FloatingPoint:
                builder.StartTable(FloatingPointFieldCount);
                builder.AddInt16(FloatingPointPrecision, type.BitWidth == 32 ? PrecisionSingle : PrecisionDouble, 0);
                return builder.EndTable();
            case ArrowTypeId.Timestamp:
                var timezone = type.Timezone is null ? 0 : builder.CreateString(type.Timezone);
                builder.StartTable(TimestampFieldCount);
                builder.AddOffset(TimestampTimezone, timezone);
                builder.AddInt16(TimestampUnit, (short)type.Unit, 0);
                return builder.EndTable();
            case ArrowTypeId.Utf8:
            case ArrowTypeId.Bool:
                builder.StartTable(0);
                return builder.EndTable();
            default:
                throw new NotSupportedException($"Otters cannot write the Arrow type {type}.");
        }
    }
}
