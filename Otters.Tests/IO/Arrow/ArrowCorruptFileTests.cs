using Otters.IO.Arrow;

namespace Otters.Tests.IO.Arrow;

/// <summary>
/// Truncated and mutated files must fail with a <see cref="DataFormatException"/> naming the file
/// (or read as some valid data) — never hang, crash, index out of range or allocate without bound.
/// </summary>
public sealed class ArrowCorruptFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("otters-arrow-bad-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Files => new() { "ticks.arrow", "ticks.arrows", "widening.arrows", "otters.arrow", "otters.arrows" };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Truncated_AtEveryLength_ThrowsDataFormatExceptionOrReadsAPrefix(string name)
    {
        var original = await OriginalAsync(name);
        var path = Path.Combine(_directory, "bad" + Path.GetExtension(name));
        var failures = 0;
        for (var length = 0; length < original.Length; length++)
        {
            await File.WriteAllBytesAsync(path, original.AsMemory(0, length));
            failures += await ReadExpectingOnlyFormatErrorsAsync(path) ? 0 : 1;
        }

        // A stream may legitimately end after any whole message; a file never may.
        if (name.EndsWith(".arrow", StringComparison.Ordinal))
        {
            failures.ShouldBe(original.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Mutated_AtEveryOffset_ThrowsOnlyDataFormatException(string name)
    {
        var original = await OriginalAsync(name);
        var path = Path.Combine(_directory, "bad" + Path.GetExtension(name));
        for (var offset = 0; offset < original.Length; offset++)
        {
            // Flipping every bit turns small lengths huge or negative; zero erases offsets and counts.
            foreach (var value in new[] { (byte)(original[offset] ^ 0xFF), (byte)0 })
            {
                if (original[offset] == value)
                {
                    continue;
                }

                var mutated = (byte[])original.Clone();
                mutated[offset] = value;
                await File.WriteAllBytesAsync(path, mutated);
                await ReadExpectingOnlyFormatErrorsAsync(path);
            }
        }
    }

    private async Task<byte[]> OriginalAsync(string name)
    {
        if (!name.StartsWith("otters", StringComparison.Ordinal))
        {
            return await File.ReadAllBytesAsync(ArrowFixtures.Path(name));
        }

        var path = Path.Combine(_directory, name);
        await ArrowTestData.WriteAsync(path, ArrowTestData.TickSchema, ArrowTestData.Ticks(20), ArrowTestData.Ticks(9, seed: 5));
        return await File.ReadAllBytesAsync(path);
    }

    // Returns true when the file read without error; a failure must be a DataFormatException naming the file.
    private static async Task<bool> ReadExpectingOnlyFormatErrorsAsync(string path)
    {
        try
        {
            // The file's own schema, so that a mutated column type is decoded with that type's layout.
            var source = ArrowTestData.Source(path);
            await ArrowTestData.ReadAllAsync(source, source.Schema).WaitAsync(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (DataFormatException ex)
        {
            ex.Path.ShouldBe(path);
            ex.Message.ShouldContain(path);
            return false;
        }
    }
}
