namespace Otters.IO.Arrow;

/// <summary>
/// Field slots of the Arrow FlatBuffers tables (Schema.fbs, Message.fbs, File.fbs), in declaration
/// order; a union takes two slots, its type tag then its value.
/// </summary>
internal static class ArrowMetadataIds
{
    /// <summary>MetadataVersion.V5, the current version.</summary>
    public const short MetadataVersionV5 = 4;

    /// <summary>MetadataVersion.V4, the oldest version whose layout matches V5's for flat types.</summary>
    public const short MetadataVersionV4 = 3;

    /// <summary>Precision.SINGLE.</summary>
    public const short PrecisionSingle = 1;

    /// <summary>Precision.DOUBLE.</summary>
    public const short PrecisionDouble = 2;

    /// <summary>Message: version, header_type, header, bodyLength, custom_metadata.</summary>
    public const int MessageVersion = 0, MessageHeaderType = 1, MessageHeader = 2, MessageBodyLength = 3, MessageFieldCount = 5;

    /// <summary>Schema: endianness, fields, custom_metadata, features.</summary>
    public const int SchemaEndianness = 0, SchemaFields = 1, SchemaFieldCount = 4;

    /// <summary>Field: name, nullable, type_type, type, dictionary, children, custom_metadata.</summary>
    public const int FieldName = 0, FieldNullable = 1, FieldTypeType = 2, FieldType = 3, FieldDictionary = 4, FieldChildren = 5, FieldFieldCount = 7;

    /// <summary>Int: bitWidth, is_signed.</summary>
    public const int IntBitWidth = 0, IntIsSigned = 1, IntFieldCount = 2;

    /// <summary>FloatingPoint: precision.</summary>
    public const int FloatingPointPrecision = 0, FloatingPointFieldCount = 1;

    /// <summary>Timestamp: unit, timezone.</summary>
    public const int TimestampUnit = 0, TimestampTimezone = 1, TimestampFieldCount = 2;

    /// <summary>RecordBatch: length, nodes, buffers, compression, variadicBufferCounts.</summary>
    public const int RecordBatchLength = 0, RecordBatchNodes = 1, RecordBatchBuffers = 2, RecordBatchCompression = 3, RecordBatchFieldCount = 5;

    /// <summary>Footer: version, schema, dictionaries, recordBatches, custom_metadata.</summary>
    public const int FooterVersion = 0, FooterSchema = 1, FooterDictionaries = 2, FooterRecordBatches = 3, FooterFieldCount = 5;
}
