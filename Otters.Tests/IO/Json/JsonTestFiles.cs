using System.Text;

namespace Otters.Tests.IO.Json;

/// <summary>A temporary folder for JSON lines tests.</summary>
public sealed class JsonTestFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("otters-jsonl-").FullName;

    public string Write(string text, string name = "data.jsonl")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(byte[] bytes, string name = "data.jsonl")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string PathOf(string name) => Path.Combine(_directory, name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
