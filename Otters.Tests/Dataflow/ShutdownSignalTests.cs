using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Otters.Tests.Dataflow;

/// <summary>Runs the sample pipeline as a real process and stops it with a signal, as a user's Ctrl+C or a container stop would.</summary>
public sealed class ShutdownSignalTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task RunAsync_WithoutToken_Signal_DrainsAndLeavesACompleteFile(string signal)
    {
        var output = Path.Combine(Path.GetTempPath(), "otters-tests", Guid.NewGuid().ToString("N") + ".csv");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var start = new ProcessStartInfo("dotnet", $"\"{SampleDll()}\" 5000000 \"{output}\"")
        {
            // No terminal for the child: a .NET console on a shared terminal may stop the whole process group (SIGTTOU).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string? first = null;
        var signalled = false;

        // A plain thread with blocking reads: it needs neither the thread pool nor timers to signal in time.
        var watcher = new Thread(() =>
        {
            first = process.StandardOutput.ReadLine();
            if (first is not null && first.StartsWith("Running:", StringComparison.Ordinal))
            {
                Thread.Sleep(300);
                signalled = Kill(process.Id, signal == "TERM" ? 15 : 2) == 0;
            }
        });
        watcher.Start();
        string stdout;
        try
        {
            watcher.Join(TimeSpan.FromSeconds(90)).ShouldBeTrue("the sample never said it was running");
            stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It has exited.
            }
        }

        first.ShouldNotBeNull();
        first.ShouldStartWith("Running:");
        signalled.ShouldBeTrue("the sample ended before it was signalled");
        process.ExitCode.ShouldBe(0, await stderr);
        stdout.ShouldContain("sink 'csv ");
        var lines = await File.ReadAllLinesAsync(output);
        lines[0].ShouldBe("symbol,price,volume,timestamp,rolling_mean,zscore,signal");
        lines.Length.ShouldBeGreaterThan(1000);
        lines.Length.ShouldBeLessThan(5_000_001, "the signal should have stopped the feed early");
        lines.Skip(1).ShouldAllBe(l => l.Split(',').Length == 7);
        File.Delete(output);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string SampleDll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "Otters.Samples.MarketFeed", "bin", configuration, "net10.0", "Otters.Samples.MarketFeed.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("The sample is not built; build Otters.Tests, which builds it.");
    }
}
