namespace Otters.Tests.IO.Arrow;

/// <summary>Finds the Arrow fixtures and their node tools in the source tree.</summary>
internal static class ArrowFixtures
{
    private static readonly Lazy<string> s_directory = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "Otters.Tests", "Fixtures", "arrow");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No Otters.Tests/Fixtures/arrow folder above {AppContext.BaseDirectory}.");
    });

    public static string Path(string name) => System.IO.Path.Combine(s_directory.Value, name);

    public static string ToolsDirectory => System.IO.Path.Combine(s_directory.Value, "tools");
}
