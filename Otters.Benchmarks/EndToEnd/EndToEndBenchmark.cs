using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using static Otters.Builtins;

namespace Otters.Benchmarks.EndToEnd;

/// <summary>
/// The end-to-end benchmark: a 2-million-row tick CSV -> RollingMean(20), RollingStd(20), ZScore(100), Ema(20)
/// by symbol -> CSV, timed against nodejs-polars doing the same work, each run in a fresh process so peak
/// memory is the run's own. Prints medians of rows/s, seconds and peak memory.
/// </summary>
internal static class EndToEndBenchmark
{
    private const int Repetitions = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000_000;
        var directory = Path.Combine(Path.GetTempPath(), "otters-e2e");
        Directory.CreateDirectory(directory);
        var input = Path.Combine(directory, $"ticks-{rows}.csv");
        if (!File.Exists(input))
        {
            TickFile.Write(input, rows);
        }

        Console.WriteLine($"input: {input} ({new FileInfo(input).Length / 1e6:F1} MB, {rows:N0} rows)");
        var self = Environment.ProcessPath!;
        var selfArgs = self.EndsWith("dotnet", StringComparison.Ordinal) ? $"\"{typeof(EndToEndBenchmark).Assembly.Location}\" " : string.Empty;
        var polarsScript = Path.Combine(FindTools(), "e2e-polars.mjs");
        var output = Path.Combine(directory, "out.csv");

        // Two like-for-like pairs: timestamps parsed into a typed column by both engines, and timestamps kept as text
        // by both (nodejs-polars' own default here; its date parsing is much slower than the rest of its work).
        (string Name, Func<Task<Measurement>> Run)[] engines =
        [
            ("Otters, timestamps typed", () => MeasureAsync(self, $"{selfArgs}e2e-otters \"{input}\" \"{output}\" typed")),
            ("Polars, timestamps typed", () => MeasureAsync("node", $"\"{polarsScript}\" \"{input}\" \"{output}\" typed")),
            ("Otters, timestamps text", () => MeasureAsync(self, $"{selfArgs}e2e-otters \"{input}\" \"{output}\" text")),
            ("Polars, timestamps text", () => MeasureAsync("node", $"\"{polarsScript}\" \"{input}\" \"{output}\" text")),
        ];
        var runs = engines.Select(_ => new List<Measurement>()).ToArray();
        for (var i = 0; i < Repetitions; i++)
        {
            for (var e = 0; e < engines.Length; e++)
            {
                runs[e].Add(await engines[e].Run());
            }
        }

        File.Delete(output);
        for (var e = 0; e < engines.Length; e++)
        {
            Report(engines[e].Name, runs[e], rows);
        }

        return 0;
    }

    /// <summary>The Otters side, run in its own process: prints its time and peak memory as JSON.</summary>
    public static async Task<int> RunOttersAsync(string input, string output, string timestamps)
    {
        var clock = Stopwatch.StartNew();
        var schema = timestamps == "text" ? TickFile.TextSchema : TickFile.Schema;
        var p = new Pipeline(schema, new PipelineOptions { BatchSize = 16_384 });
        p.Source(input);
        p.Stage(RollingMean(on: "price", window: 20, by: "symbol"));
        p.Stage(RollingStd(on: "price", window: 20, by: "symbol"));
        p.Stage(ZScore(on: "price", lookback: 100, by: "symbol"));
        p.Stage(Ema(on: "price", span: 20, by: "symbol"));
        var sink = p.Sink(output);
        await p.RunAsync(CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new Measurement(seconds, p.Metrics[sink.Name].RowsOut, self.PeakWorkingSet64 / 1048576.0)));
        return 0;
    }

    private static async Task<Measurement> MeasureAsync(string command, string arguments)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {arguments} failed ({process.ExitCode}): {stderr}{stdout}");
        }

        var json = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        return JsonSerializer.Deserialize<Measurement>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    private static void Report(string engine, List<Measurement> runs, int rows)
    {
        var seconds = Median(runs.Select(r => r.Seconds));
        var peak = Median(runs.Select(r => r.PeakMB));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{engine,-26} median {seconds,6:F2} s  {rows / seconds / 1e6,6:F2} M rows/s  peak {peak,7:F0} MB   (runs: {string.Join(", ", runs.Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)))} s)"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string FindTools()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Otters.Benchmarks", "EndToEnd", "tools");
            if (Directory.Exists(Path.Combine(candidate, "node_modules")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("nodejs-polars is not installed: run 'npm ci' in Otters.Benchmarks/EndToEnd/tools.");
    }

    private sealed record Measurement(double Seconds, long Rows, double PeakMB);
}
