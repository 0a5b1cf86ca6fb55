using Otters.IO.Arrow;

namespace Otters.Tests.IO.Arrow;

public class ArrowMetadataTests
{
    internal static readonly ArrowField[] s_fields =
    [
        new("symbol", ArrowType.Utf8, true),
        new("price", ArrowType.Float64, true),
        new("volume", ArrowType.SignedInt(64), false),
        new("ts", ArrowType.Timestamp(ArrowTimeUnit.Microsecond, "UTC"), true),
        new("naive", ArrowType.Timestamp(ArrowTimeUnit.Nanosecond, null), true),
        new("level", ArrowType.SignedInt(32), true),
        new("buy", ArrowType.Bool, true),
        new("single", ArrowType.Float32, true),
        new("ünïcode ✓", ArrowType.Utf8, true),
    ];

    [Fact]
    public void SchemaMessage_RoundTrips()
    {
        var bytes = ArrowMetadataEncoder.EncodeSchemaMessage(s_fields);

        var message = ArrowMetadataDecoder.DecodeMessage(bytes);
        message.Type.ShouldBe(ArrowMessageType.Schema);
        message.BodyLength.ShouldBe(0);
        message.Schema.ShouldBe(s_fields);
    }

    [Fact]
    public void RecordBatchMessage_RoundTrips()
    {
        ArrowFieldNode[] nodes = [new(10, 2), new(10, 0)];
        ArrowBufferRegion[] buffers = [new(0, 2), new(8, 80), new(88, 0), new(88, 80)];

        var message = ArrowMetadataDecoder.DecodeMessage(ArrowMetadataEncoder.EncodeRecordBatchMessage(10, nodes, buffers, 168));

        message.Type.ShouldBe(ArrowMessageType.RecordBatch);
        message.BodyLength.ShouldBe(168);
        message.RecordBatch!.Length.ShouldBe(10);
        message.RecordBatch.Nodes.ShouldBe(nodes);
        message.RecordBatch.Buffers.ShouldBe(buffers);
    }

    [Fact]
    public void Footer_RoundTrips()
    {
        ArrowBlock[] blocks = [new(8, 200, 1024), new(1232, 184, long.MaxValue / 2)];

        var footer = ArrowMetadataDecoder.DecodeFooter(ArrowMetadataEncoder.EncodeFooter(s_fields, blocks));

        footer.Schema.ShouldBe(s_fields);
        footer.RecordBatches.ShouldBe(blocks);
        footer.DictionaryCount.ShouldBe(0);
    }

    [Fact]
    public void Message_MutatedAnywhere_ThrowsOnlyInvalidData()
    {
        var messages = new[]
        {
            ArrowMetadataEncoder.EncodeSchemaMessage(s_fields),
            ArrowMetadataEncoder.EncodeRecordBatchMessage(3, [new(3, 1)], [new(0, 1), new(8, 24)], 32),
        };
        foreach (var bytes in messages)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                foreach (var value in new byte[] { 0, 1, 0x80, 0xFF, 0x7F, 12 })
                {
                    var mutated = (byte[])bytes.Clone();
                    mutated[i] = value;
                    try
                    {
                        _ = ArrowMetadataDecoder.DecodeMessage(mutated);
                    }
                    catch (InvalidDataException)
                    {
                    }
                }
            }
        }
    }

    [Fact]
    public void DecodeFooter_MutatedAnywhere_ThrowsOnlyInvalidData()
    {
        var bytes = ArrowMetadataEncoder.EncodeFooter(s_fields, [new(8, 200, 1024)]);
        for (var i = 0; i < bytes.Length; i++)
        {
            var mutated = (byte[])bytes.Clone();
            mutated[i] ^= 0xA5;
            try
            {
                _ = ArrowMetadataDecoder.DecodeFooter(mutated);
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}
