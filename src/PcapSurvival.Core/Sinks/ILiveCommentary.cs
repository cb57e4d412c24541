using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Core.Sinks;

/// <summary>
/// What a live capture says while it happens, beyond the records every sink gets: a sender that appears to have given
/// up, one that retransmitted after all, a verdict the moment a connection ends, and how each stall stands. Only a live
/// run has one (<see cref="Pipeline.TrafficAnalyzer.Commentary"/>); a file's analysis never calls it, so its records
/// stay the same whatever the clock does. Called on the analyzing thread; the connection is live: copy, never keep.
/// </summary>
public interface ILiveCommentary
{
    /// <summary>A stalled sender let its next retransmission pass by well beyond the jitter of its backoff.</summary>
    void SenderGaveUp(Connection connection, in GiveUpSign sign);

    /// <summary>A sender said to have given up retransmitted after all: the outage goes on.</summary>
    void SenderResumed(Connection connection, Outage outage, long nowNs);

    /// <summary>The connection ended (both FINs, or a RST): its verdict as it stands; a late packet may still amend it.</summary>
    void ConnectionEnded(Connection connection, Verdict verdict, long nowNs);

    /// <summary>How an open retransmission stall stands, when asked for (<see cref="Pipeline.TrafficAnalyzer.AdvanceClock"/>).</summary>
    void StallStatus(Connection connection, in StallStanding standing);
}
