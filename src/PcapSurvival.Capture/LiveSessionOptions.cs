namespace PcapSurvival.Capture;

/// <summary>How a <see cref="LiveSession"/> runs besides the device: when it stops by itself, and what it does on its ticks.</summary>
public sealed record LiveSessionOptions
{
    /// <summary>Stops after this long (--duration); null: at the packet limit, on a signal, or when the device fails.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>How often each open stall is reported to the analyzer's commentary (--status-every); null: never.</summary>
    public TimeSpan? StallStatusEvery { get; init; }

    /// <summary>
    /// Runs on the analysis thread every <see cref="LiveSession.TickInterval"/>, busy or idle, for work that must not race
    /// the analysis (a status line, flushing the outputs).
    /// </summary>
    public Action? Tick { get; init; }

    /// <summary>
    /// Runs on the calling thread after the analysis completed without a fault (the summary, the outputs' final flush).
    /// An <see cref="IOException"/> it throws becomes the result's <see cref="LiveSessionResult.Fault"/>.
    /// </summary>
    public Action<Core.Sinks.FileStatistics>? Completed { get; init; }
}
