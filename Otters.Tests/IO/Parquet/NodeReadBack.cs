using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Otters.Tests.IO.Parquet;

/// <summary>
/// Runs Otters.Tests/Fixtures/parquet/tools/read-back.mjs (Parquet) or read-back-csv.mjs (CSV), which read a file
/// with DuckDB and nodejs-polars.
/// Fails (never skips) when node or the tools' node_modules are missing: CI runs <c>npm ci</c> there first.
/// </summary>
internal static class NodeReadBack
{
    public static JsonDocument Run(string parquetFile) => RunScript("read-back.mjs", parquetFile);

    public static JsonDocument RunScript(string script, params string[] arguments)
    {
        var tools = ParquetFixtures.Tools;
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "@duckdb")) || !Directory.Exists(Path.Combine(tools, "node_modules", "nodejs-polars")))
        {
            throw new InvalidOperationException($"The read-back engines are not installed: run 'npm ci' in {tools} (CI does this before the tests).");
        }

        var start = new ProcessStartInfo("node", [script, .. arguments])
        {
            WorkingDirectory = tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
        }

        return JsonDocument.Parse(stdout.Result);
    }

    /// <summary>Returns nanoseconds per unit of an engine's timestamp type name, or 0 when it is not a timestamp.</summary>
    public static long NanosPerUnit(string engine, string type)
    {
        if (engine == "duckdb")
        {
            return type switch
            {
                "TIMESTAMP_NS" => 1,
                "TIMESTAMP_MS" => 1_000_000,
                "TIMESTAMP_S" => 1_000_000_000,
                _ when type.StartsWith("TIMESTAMP", StringComparison.Ordinal) => 1_000,
                _ => 0,
            };
        }

        return !type.Contains("Datetime", StringComparison.Ordinal) ? 0
            : type.Contains("(ns", StringComparison.Ordinal) ? 1
            : type.Contains("(ms", StringComparison.Ordinal) ? 1_000_000 : 1_000;
    }

    public static double ParseDouble(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
