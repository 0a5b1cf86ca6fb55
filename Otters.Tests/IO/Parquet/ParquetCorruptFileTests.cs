using System.Buffers.Binary;

namespace Otters.Tests.IO.Parquet;

public sealed class ParquetCorruptFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("otters-parquet-bad-").FullName;

    public static TheoryData<string> Fixtures => new(ParquetFixtures.ParquetFiles);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Constructor_WrongMagic_ThrowsDataFormatExceptionNamingFile()
    {
        var bytes = File.ReadAllBytes(ParquetFixtures.File("duckdb_snappy_us.parquet"));
        "PARX"u8.CopyTo(bytes);
        var path = Write("magic.parquet", bytes);

        var ex = Should.Throw<DataFormatException>(() => new ParquetSource(path));

        ex.Path.ShouldBe(path);
        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("magic");
    }

    [Fact]
    public void Constructor_FooterLengthPastStart_ThrowsDataFormatException()
    {
        var bytes = File.ReadAllBytes(ParquetFixtures.File("duckdb_snappy_us.parquet"));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), int.MaxValue);

        var ex = Should.Throw<DataFormatException>(() => new ParquetSource(Write("footer-length.parquet", bytes)));

        ex.Message.ShouldContain("footer length");
    }

    [Fact]
    public void Constructor_EmptyFile_ThrowsDataFormatException() =>
        Should.Throw<DataFormatException>(() => new ParquetSource(Write("empty.parquet", []))).Message.ShouldContain("0 bytes");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task ReadAsync_TruncatedAnywhere_ThrowsDataFormatException(string fixture)
    {
        var bytes = File.ReadAllBytes(ParquetFixtures.File(fixture));
        for (var length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 150))
        {
            var path = Write("truncated.parquet", bytes.AsSpan(0, length).ToArray());
            var ex = await Should.ThrowAsync<DataFormatException>(() => ReadEverything(path), $"truncated to {length} bytes");
            ex.Path.ShouldBe(path);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task ReadAsync_FlippedByteAnywhere_ReadsOrThrowsDataFormatException(string fixture)
    {
        var original = File.ReadAllBytes(ParquetFixtures.File(fixture));
        var random = new Random(fixture.Length);
        for (var offset = 4; offset < original.Length - 4; offset += 1 + random.Next(13))
        {
            var bytes = (byte[])original.Clone();
            bytes[offset] ^= (byte)(1 << random.Next(8));
            await ReadOrFormatError(Write("flipped.parquet", bytes), $"byte {offset} flipped");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task ReadAsync_FooterOverwritten_ReadsOrThrowsDataFormatException(string fixture)
    {
        var original = File.ReadAllBytes(ParquetFixtures.File(fixture));
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(original.AsSpan(original.Length - 8));
        var footerStart = original.Length - 8 - footerLength;
        var random = new Random(42);
        for (var trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])original.Clone();
            var at = footerStart + random.Next(footerLength);
            var span = bytes.AsSpan(at, Math.Min(1 + random.Next(8), original.Length - 8 - at));
            random.NextBytes(span);
            await ReadOrFormatError(Write("footer.parquet", bytes), $"footer bytes at {at} overwritten (trial {trial})");
        }
    }

    [Fact]
    public async Task ReadAsync_PageOverwritten_ReadsOrThrowsDataFormatException()
    {
        var original = File.ReadAllBytes(ParquetFixtures.File("duckdb_zstd_us_utc.parquet"));
        var random = new Random(7);
        for (var trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])original.Clone();
            var at = 4 + random.Next(original.Length / 2);
            random.NextBytes(bytes.AsSpan(at, 16));
            await ReadOrFormatError(Write("page.parquet", bytes), $"bytes at {at} overwritten");
        }
    }

    private static async Task ReadOrFormatError(string path, string what)
    {
        var read = Task.Run(async () =>
        {
            try
            {
                await ReadEverything(path);
            }
            catch (DataFormatException ex)
            {
                ex.Path.ShouldBe(path, what);
            }
            catch (Exception ex)
            {
                throw new ShouldAssertException($"With {what}, reading threw {ex.GetType().Name} instead of a DataFormatException: {ex}");
            }
        });
        (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(20)))).ShouldBe(read, $"reading with {what} did not finish in 20 s");
        await read;
    }

    private static async Task ReadEverything(string path)
    {
        var source = new ParquetSource(path);
        await foreach (var batch in source.ReadAsync(new SourceContext(source.Schema, batchSize: 64)))
        {
            foreach (var column in batch.Columns)
            {
                for (var i = 0; i < column.Length; i++)
                {
                    _ = column.GetValue(i);
                }
            }
        }
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
