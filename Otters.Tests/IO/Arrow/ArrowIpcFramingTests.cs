using System.Buffers.Binary;
using Otters.IO.Arrow;

namespace Otters.Tests.IO.Arrow;

public class ArrowIpcFramingTests
{
    private static readonly ArrowField[] s_fields = [new("x", ArrowType.SignedInt(64), true), new("s", ArrowType.Utf8, true)];

    private static byte[] WriteStream(bool file)
    {
        using var stream = new MemoryStream();
        var writer = new ArrowIpcWriter(stream);
        var blocks = new List<ArrowBlock>();
        if (file)
        {
            writer.WriteFileMagic();
        }

        writer.WriteSchema(s_fields);
        for (var batch = 0; batch < 2; batch++)
        {
            // x: 3 int64 values with no nulls; s: 3 strings "a", "", "bcd" with the middle one null.
            var values = new byte[24];
            BinaryPrimitives.WriteInt64LittleEndian(values, batch);
            var offsets = new byte[16];
            BinaryPrimitives.WriteInt32LittleEndian(offsets.AsSpan(4), 1);
            BinaryPrimitives.WriteInt32LittleEndian(offsets.AsSpan(8), 1);
            BinaryPrimitives.WriteInt32LittleEndian(offsets.AsSpan(12), 4);
            byte[] validity = [0b101];
            var data = "abcd"u8.ToArray();
            ArrowBufferRegion[] regions = [new(0, 0), new(0, 24), new(24, 1), new(32, 16), new(48, 4)];
            blocks.Add(writer.BeginRecordBatch(3, [new(3, 0), new(3, 1)], regions, 56));
            writer.WriteBodyBuffer([]);
            writer.WriteBodyBuffer(values);
            writer.WriteBodyBuffer(validity);
            writer.WriteBodyBuffer(offsets);
            writer.WriteBodyBuffer(data);
        }

        writer.WriteEndOfStream();
        if (file)
        {
            writer.WriteFooter(s_fields, blocks.ToArray());
        }

        writer.Position.ShouldBe(stream.Length);
        return stream.ToArray();
    }

    private static async Task<List<ArrowMessage>> ReadAllAsync(byte[] bytes, long start)
    {
        var reader = new ArrowIpcReader(new MemoryStream(bytes), 0, bytes.Length);
        if (start > 0)
        {
            reader.Seek(start);
        }

        var messages = new List<ArrowMessage>();
        while (await reader.ReadMessageAsync(default) is { } message)
        {
            messages.Add(message);
            (reader.Position % 8).ShouldBe(0);
            if (message.BodyLength > 0)
            {
                await reader.ReadBodyAsync(new byte[message.BodyLength], default);
            }
        }

        return messages;
    }

    [Fact]
    public async Task StreamFormat_WrittenMessages_ReadBackInOrder()
    {
        var bytes = WriteStream(file: false);

        var messages = await ReadAllAsync(bytes, 0);

        messages.Select(m => m.Type).ShouldBe([ArrowMessageType.Schema, ArrowMessageType.RecordBatch, ArrowMessageType.RecordBatch]);
        messages[0].Schema.ShouldBe(s_fields);
        messages[1].RecordBatch!.Buffers[4].ShouldBe(new ArrowBufferRegion(48, 4));
        BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8)).ShouldBe(0xFFFFFFFFUL);
    }

    [Fact]
    public async Task FileFormat_FooterLocatesEveryBatch()
    {
        var bytes = WriteStream(file: true);
        using var stream = new MemoryStream(bytes);

        var footer = await ArrowFileTrailer.ReadFooterAsync(stream, bytes.Length, default);

        footer.Schema.ShouldBe(s_fields);
        footer.RecordBatches.Length.ShouldBe(2);
        var reader = new ArrowIpcReader(stream, 0, bytes.Length);
        foreach (var block in footer.RecordBatches)
        {
            reader.Seek(block.Offset);
            var message = await reader.ReadMessageAsync(default);
            message!.Type.ShouldBe(ArrowMessageType.RecordBatch);
            reader.Position.ShouldBe(block.Offset + block.MetadataLength);
            message.BodyLength.ShouldBe(block.BodyLength);
        }
    }

    [Fact]
    public void BeginRecordBatch_BodyIncomplete_ThrowsAtNextMessage()
    {
        var writer = new ArrowIpcWriter(new MemoryStream());
        writer.WriteSchema(s_fields);
        writer.BeginRecordBatch(1, [new(1, 0)], [new(0, 0), new(0, 8)], 8);

        Should.Throw<InvalidOperationException>(writer.WriteEndOfStream);
    }

    [Fact]
    public async Task StreamFormat_TruncatedAtEveryLength_EndsCleanlyOrThrowsInvalidData()
    {
        var bytes = WriteStream(file: false);
        for (var length = 0; length < bytes.Length; length++)
        {
            try
            {
                await ReadAllAsync(bytes.AsSpan(0, length).ToArray(), 0);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Fact]
    public async Task FileFormat_TruncatedOrMutated_ThrowsOnlyInvalidData()
    {
        var bytes = WriteStream(file: true);
        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var mutated in new[] { bytes.AsSpan(0, i).ToArray(), Mutate(bytes, i) })
            {
                try
                {
                    using var stream = new MemoryStream(mutated);
                    var footer = await ArrowFileTrailer.ReadFooterAsync(stream, mutated.Length, default);
                    var reader = new ArrowIpcReader(stream, 0, mutated.Length);
                    foreach (var block in footer.RecordBatches)
                    {
                        reader.Seek(block.Offset);
                        _ = await reader.ReadMessageAsync(default);
                    }
                }
                catch (InvalidDataException)
                {
                }
            }
        }
    }

    private static byte[] Mutate(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0xFF;
        return copy;
    }
}
