using BenchmarkDotNet.Running;
using Otters.Benchmarks.EndToEnd;

namespace Otters.Benchmarks;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["quick"]:
                // A stopwatch timing of the kernels, for iterating; the reported numbers come from BenchmarkDotNet.
                Builtins.QuickTiming.Run();
                return 0;
            case ["fresh"]:
                Builtins.QuickTiming.Fresh();
                return 0;
            case ["checksum"]:
                Builtins.QuickTiming.Checksum();
                return 0;
            case ["quick", var filter]:
                Builtins.QuickTiming.Run(filter);
                return 0;
            case ["e2e", ..]:
                // A whole CSV -> statistics -> CSV job, timed against nodejs-polars in fresh processes.
                return await EndToEndBenchmark.RunAsync(args);
            case ["e2e-otters", var input, var output]:
                return await EndToEndBenchmark.RunOttersAsync(input, output, "typed");
            case ["e2e-otters", var input, var output, var timestamps]:
                return await EndToEndBenchmark.RunOttersAsync(input, output, timestamps);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
