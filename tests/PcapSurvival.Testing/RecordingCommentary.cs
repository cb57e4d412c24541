using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Testing;

/// <summary>Keeps what a live capture's commentary is told, as copies (the connections are live objects).</summary>
public sealed class RecordingCommentary : ILiveCommentary
{
    public List<GiveUpSign> GaveUp { get; } = [];

    /// <summary>Whether the peer of the side that gave up could still hold the session, at the time it was said.</summary>
    public List<bool> HalfOpenAtGiveUp { get; } = [];

    public List<long> Resumed { get; } = [];

    public List<(Verdict Verdict, long AtNs)> Ended { get; } = [];

    public List<StallStanding> Standings { get; } = [];

    public void SenderGaveUp(Connection connection, in GiveUpSign sign)
    {
        GaveUp.Add(sign);
        HalfOpenAtGiveUp.Add(HalfOpenSessions.MayStillHold(connection, sign.Outage.ClientStalled));
    }

    public void SenderResumed(Connection connection, Outage outage, long nowNs) => Resumed.Add(nowNs);

    public void ConnectionEnded(Connection connection, Verdict verdict, long nowNs) => Ended.Add((verdict, nowNs));

    public void StallStatus(Connection connection, in StallStanding standing) => Standings.Add(standing);
}
