using System.Buffers;
using Otters.IO.Parquet.Compression;
using Otters.IO.Parquet.Encodings;
using Otters.IO.Parquet.Format;
using Otters.IO.Parquet.Internal;
using Otters.IO.Parquet.Thrift;

namespace Otters.Tests.IO.Parquet.Internal;

public sealed class ParquetFormatLayerTests
{
    public static TheoryData<int> BitWidths => new(0, 1, 2, 3, 7, 8, 13, 20, 31);

    public static TheoryData<int> Codecs => new((int)CompressionCodec.Uncompressed, (int)CompressionCodec.Snappy, (int)CompressionCodec.Gzip, (int)CompressionCodec.Zstd);

    [Fact]
    public void FileMetaData_WriteThenRead_RoundTrips()
    {
        var schema = new Schema { { "s", ColumnType.String }, { "t", ColumnType.Timestamp(TimeUnit.Nanosecond) }, { "d", ColumnType.Float64 } };
        var metadata = new FileMetaData
        {
            Version = 1,
            Schema = ParquetSchemaMapper.ToElements(schema),
            NumRows = 1L << 40,
            RowGroups = [new RowGroup
            {
                NumRows = 5,
                TotalByteSize = 99,
                Columns = [new ColumnChunk { FileOffset = 4, MetaData = new ColumnMetaData { Type = PhysicalType.ByteArray, Encodings = [ParquetEncoding.Plain, ParquetEncoding.Rle], PathInSchema = ["s"], Codec = CompressionCodec.Zstd, NumValues = 5, DataPageOffset = 4, TotalCompressedSize = 10, TotalUncompressedSize = 20, Statistics = new Statistics { NullCount = 1, MinValue = [1, 2], MaxValue = [3] } } }, new ColumnChunk { FileOffset = 14, MetaData = new ColumnMetaData { PathInSchema = ["t"], DataPageOffset = 14 } }, new ColumnChunk { FileOffset = 24, MetaData = new ColumnMetaData { PathInSchema = ["d"], DataPageOffset = 24 } }],
            }],
            CreatedBy = "otters test",
            WriteTypeDefinedColumnOrders = true,
        };
        var writer = new ThriftCompactWriter();
        metadata.Write(writer);

        var reader = new ThriftCompactReader(writer.WrittenSpan);
        var read = FileMetaData.Read(ref reader);

        reader.Remaining.ShouldBe(0);
        read.NumRows.ShouldBe(1L << 40);
        read.CreatedBy.ShouldBe("otters test");
        read.RowGroups[0].Columns[0].MetaData!.Statistics!.MinValue.ShouldBe(new byte[] { 1, 2 });
        read.RowGroups[0].Columns[0].MetaData!.Codec.ShouldBe(CompressionCodec.Zstd);
        ParquetSchemaMapper.ToLeaves(read).Select(l => l.Type).ShouldBe(schema.Select(f => f.Type));
        read.Schema[2].LogicalType!.Unit.ShouldBe(ParquetTimeUnit.Nanos);
        read.Schema[2].LogicalType!.IsAdjustedToUtc.ShouldBeTrue();
    }

    [Fact]
    public void ThriftReader_ListLongerThanInput_ThrowsBeforeAllocating()
    {
        // Field 2 (list of structs) claiming 2^31-1 elements in a 7-byte input.
        byte[] bytes = [0x15, 0x02, 0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0x07];

        var ex = Should.Throw<ParquetFormatException>(() =>
        {
            var reader = new ThriftCompactReader(bytes);
            FileMetaData.Read(ref reader);
        });

        ex.Message.ShouldContain("elements but only");
    }

    [Fact]
    public void ThriftReader_DeepNesting_Throws()
    {
        var bytes = Enumerable.Repeat((byte)0x1C, 200).ToArray(); // field 1, struct, nested 200 times
        Should.Throw<ParquetFormatException>(() =>
        {
            var reader = new ThriftCompactReader(bytes);
            reader.SkipStruct();
        }).Message.ShouldContain("nests");
    }

    [Theory]
    [MemberData(nameof(BitWidths))]
    public void RleBitPacked_EncodeThenDecode_RoundTrips(int bitWidth)
    {
        var random = new Random(bitWidth);
        var max = bitWidth == 0 ? 0 : (int)((1L << bitWidth) - 1);
        var values = new int[5000];
        for (var i = 0; i < values.Length; i++)
        {
            // Mix runs (RLE) and noise (bit-packed) at odd lengths.
            values[i] = (i / 37) % 2 == 0 ? (i / 37) % (max + 1) : random.Next(max) + (max > 0 ? 1 : 0);
            values[i] = Math.Min(values[i], max);
        }

        var output = new ArrayBufferWriter<byte>();
        RleBitPackedEncoder.Encode(values, bitWidth, output);
        var decoded = new int[values.Length];
        new RleBitPackedDecoder(output.WrittenSpan, bitWidth).Read(decoded);

        decoded.ShouldBe(values);
    }

    [Fact]
    public void RleBitPacked_DataEndsEarly_Throws() =>
        Should.Throw<ParquetFormatException>(() => new RleBitPackedDecoder(new byte[] { 0x10, 0x01 }, 1).Read(new int[9]));

    [Fact]
    public void DeltaBinaryPacked_SpecExample_Decodes()
    {
        // Encodings.md: 1, 2, 3, 4, 5 -> block 128, 4 miniblocks, 5 values, first 1; min delta 1, widths 0.
        byte[] bytes = [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00];
        var values = new long[5];

        var consumed = DeltaBinaryPackedDecoder.Decode(bytes, values);

        values.ShouldBe([1L, 2, 3, 4, 5]);
        consumed.ShouldBe(bytes.Length);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void PageCodec_CompressThenDecompress_RoundTrips(int codecNumber)
    {
        var codec = (CompressionCodec)codecNumber;
        var data = new byte[100_000];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i * 7) % 13 + (i % 1000 == 0 ? i : 0));
        }

        var output = new ArrayBufferWriter<byte>();
        var length = PageCodec.Compress(codec, data, output);
        var decoded = new byte[data.Length];
        PageCodec.Decompress(codec, output.WrittenSpan[..length], decoded);

        decoded.ShouldBe(data);
    }

    [Fact]
    public void Snappy_CopyBeforeStart_Throws()
    {
        // Length 8, then a copy-1 of 4 bytes at offset 5 with nothing decoded yet.
        byte[] bytes = [0x08, 0x01, 0x05];
        Should.Throw<ParquetFormatException>(() => SnappyDecoder.Decompress(bytes, new byte[8])).Message.ShouldContain("copy");
    }

    [Fact]
    public void Zstd_Garbage_ThrowsFormatException() =>
        Should.Throw<ParquetFormatException>(() => PageCodec.Decompress(CompressionCodec.Zstd, new byte[] { 1, 2, 3, 4, 5 }, new byte[10]));
}
