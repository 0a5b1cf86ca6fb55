using System.Globalization;

namespace Otters.Tests.IO.Parquet;

/// <summary>Finds the committed Parquet fixtures and parses the CSV they were all made from.</summary>
internal static class ParquetFixtures
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>Gets the repository root (the folder holding Otters.sln).</summary>
    public static string RepositoryRoot => s_root.Value;

    public static string Folder => Path.Combine(RepositoryRoot, "Otters.Tests", "Fixtures", "parquet");

    public static string Tools => Path.Combine(Folder, "tools");

    public static string File(string name) => Path.Combine(Folder, name);

    public static IEnumerable<string> ParquetFiles => Directory.GetFiles(Folder, "*.parquet").Select(Path.GetFileName).Order()!;

    /// <summary>Reads ticks.csv: an empty field is null.</summary>
    public static List<TickRow> ReadTicks()
    {
        var rows = new List<TickRow>();
        foreach (var line in System.IO.File.ReadLines(File("ticks.csv")).Skip(1))
        {
            var f = line.Split(',');
            rows.Add(new TickRow(
                f[0].Length == 0 ? null : f[0],
                f[1].Length == 0 ? null : double.Parse(f[1], CultureInfo.InvariantCulture),
                f[2].Length == 0 ? null : long.Parse(f[2], CultureInfo.InvariantCulture),
                f[3].Length == 0 ? null : long.Parse(f[3], CultureInfo.InvariantCulture),
                f[4].Length == 0 ? null : DateOnly.ParseExact(f[4], "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber,
                f[5].Length == 0 ? null : int.Parse(f[5], CultureInfo.InvariantCulture),
                f[6].Length == 0 ? null : double.Parse(f[6], CultureInfo.InvariantCulture),
                f[7].Length == 0 ? null : bool.Parse(f[7])));
        }

        return rows;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Otters.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Otters.sln above {AppContext.BaseDirectory}; the tests must run from the repository.");
    }
}

/// <summary>One row of ticks.csv; Day is days since the epoch, Timestamp microseconds.</summary>
internal sealed record TickRow(string? Symbol, double? Price, long? Volume, long? Timestamp, int? Day, int? Size, double? Bid, bool? Active);
