namespace PcapSurvival.Cli;

/// <summary>
/// The one stop request of this process: the first SIGINT, SIGTERM or closed stdout pipe cancels <see cref="Token"/>,
/// which every command's reading listens to; the command then completes and flushes what it has, and the process
/// exits with <see cref="ExitCode"/>.
/// </summary>
internal static class ProcessStop
{
    private static readonly CancellationTokenSource Cancellation = new();
    private static int _reason;

    public static CancellationToken Token => Cancellation.Token;

    public static StopReason Reason => (StopReason)Volatile.Read(ref _reason);

    /// <summary>130 after SIGINT, 143 after SIGTERM, 141 (as SIGPIPE would give) after a closed stdout pipe.</summary>
    public static int ExitCode => ExitCodeOf(Reason);

    public static int ExitCodeOf(StopReason reason) => reason switch
    {
        StopReason.Terminate => ExitCodes.Terminated,
        StopReason.BrokenPipe => ExitCodes.BrokenPipe,
        _ => ExitCodes.Interrupted,
    };

    /// <summary>Asks every command to stop; the first reason given is the one that counts.</summary>
    public static void Request(StopReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None) == (int)StopReason.None)
        {
            Cancellation.Cancel();
        }
    }
}
