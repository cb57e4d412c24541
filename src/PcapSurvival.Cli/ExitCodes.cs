namespace PcapSurvival.Cli;

/// <summary>The exit codes of design.md's contract.</summary>
internal static class ExitCodes
{
    /// <summary>Success, including when the traffic had problems: finding them is the job.</summary>
    public const int Success = 0;

    public const int Usage = 1;

    /// <summary>An unreadable or malformed input file; whatever was analyzed before the fault is still reported.</summary>
    public const int Input = 2;

    /// <summary>Capture permission or device error, or libpcap missing.</summary>
    public const int Capture = 3;

    /// <summary>Interrupted by Ctrl-C (SIGINT), after flushing everything so far.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM, after flushing everything so far.</summary>
    public const int Terminated = 143;

    /// <summary>Stopped because the reader of stdout went away (128 + SIGPIPE, as a process SIGPIPE kills exits).</summary>
    public const int BrokenPipe = 141;
}
