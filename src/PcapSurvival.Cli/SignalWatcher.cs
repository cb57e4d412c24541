using System.Runtime.InteropServices;

namespace PcapSurvival.Cli;

/// <summary>
/// Tells SIGINT from SIGTERM. System.CommandLine's token says only that one of them came, and the exit code
/// (130 or 143) must say which; its handlers and these run one after the other for the same signal.
/// </summary>
internal sealed class SignalWatcher : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _received;

    public SignalWatcher()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The first signal received, if any.</summary>
    public PosixSignal? Received => Volatile.Read(ref _received) switch
    {
        1 => PosixSignal.SIGINT,
        2 => PosixSignal.SIGTERM,
        _ => null,
    };

    /// <summary>143 after SIGTERM, otherwise 130 (the command was interrupted somehow).</summary>
    public int ExitCode => Received == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the process alive: the command stops, drains, flushes and then exits with the right code.
        context.Cancel = true;
        Interlocked.CompareExchange(ref _received, context.Signal == PosixSignal.SIGTERM ? 2 : 1, 0);
        _cancellation.Cancel();
    }
}
