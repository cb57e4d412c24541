namespace PcapSurvival.Cli;

/// <summary>Why a command stopped before the end of its input.</summary>
internal enum StopReason
{
    None,

    /// <summary>SIGINT (Ctrl-C).</summary>
    Interrupt,

    /// <summary>SIGTERM.</summary>
    Terminate,

    /// <summary>The reader of stdout went away (<c>| head</c>): nobody reads what is left to say.</summary>
    BrokenPipe,
}
