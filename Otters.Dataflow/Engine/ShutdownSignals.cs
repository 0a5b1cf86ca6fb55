using System.Runtime.InteropServices;

namespace Otters.Engine;

/// <summary>
/// Ctrl+C and SIGTERM for a pipeline run without a token: the first signal stops the sources so in-flight
/// batches drain and sinks close; a second Ctrl+C aborts the run and lets the process end.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly PosixSignalRegistration? _sigterm;
    private int _signals;

    public ShutdownSignals()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        if (!OperatingSystem.IsWindows())
        {
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                _stop.Cancel();
            });
        }
    }

    public CancellationToken Stop => _stop.Token;

    public CancellationToken Abort => _abort.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm?.Dispose();
        _stop.Dispose();
        _abort.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.Increment(ref _signals) == 1)
        {
            e.Cancel = true;
            Console.Error.WriteLine("Stopping: draining in-flight batches and closing sinks (press Ctrl+C again to abort).");
            _stop.Cancel();
        }
        else
        {
            _abort.Cancel();
        }
    }
}
