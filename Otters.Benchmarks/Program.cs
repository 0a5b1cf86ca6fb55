using BenchmarkDotNet.Running;

namespace Otters.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["quick"])
        {
            Builtins.QuickTiming.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
