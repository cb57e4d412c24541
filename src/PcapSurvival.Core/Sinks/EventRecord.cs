using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Sinks;

/// <summary>
/// A notable packet or state change. Structured rather than pre-formatted, so that producing events
/// allocates nothing; the reporting layer turns one into words. <see cref="Number"/> is, by kind: the first
/// state event of a new connection 1; a duplicate ACK its number; a lost segment the bytes missing; an ACKed-unseen
/// segment the ACK; a window update the window; reused ports the earlier stream.
/// </summary>
public readonly record struct EventRecord(
    long Frame,
    long TimeNs,
    Connection Connection,
    EventKind Kind,
    bool FromClient,
    AnalysisFlags Flag = AnalysisFlags.None,
    ConnectionState State = ConnectionState.Established,
    uint RelativeSeq = 0,
    int PayloadLength = 0,
    long Number = 0,
    long RelatedFrame = 0,
    long DelayNs = 0,
    Outage? Outage = null)
{
    /// <summary>The event column: an analysis name, or rst, fin, state, outage_start, outage_end.</summary>
    public string Name => Kind switch
    {
        EventKind.Analysis => AnalysisFlagNames.Name(Flag),
        EventKind.Rst => "rst",
        EventKind.Fin => "fin",
        EventKind.State => "state",
        EventKind.OutageStart => "outage_start",
        EventKind.OutageEnd => "outage_end",
        _ => Kind.ToString(),
    };
}
