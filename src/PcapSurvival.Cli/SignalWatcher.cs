using System.Runtime.InteropServices;

namespace PcapSurvival.Cli;

/// <summary>
/// SIGINT and SIGTERM for the whole process (System.CommandLine's own handling is off: a second signal crashed it).
/// The first one asks the command to stop (<see cref="ProcessStop"/>): it completes, flushes and exits 130 or 143.
/// A second one exits at once, with its own code, without waiting for the flush.
/// </summary>
internal sealed class SignalWatcher : IDisposable
{
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _signals;

    public SignalWatcher()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the process alive: the runtime's default would end it before anything is flushed.
        context.Cancel = true;
        var reason = context.Signal == PosixSignal.SIGTERM ? StopReason.Terminate : StopReason.Interrupt;
        if (Interlocked.Increment(ref _signals) > 1)
        {
            Environment.Exit(ProcessStop.ExitCodeOf(reason));
        }

        ProcessStop.Request(reason);
    }
}
