using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// The tracker's live side, off unless a live capture asks (<see cref="WatchLive"/>): it keeps the connections with an
/// open retransmission stall, so the wall clock can check their next retransmission between packets, and says a
/// connection's verdict the moment it ends. Nothing here changes what the sinks receive.
/// </summary>
internal sealed partial class ConnectionTracker
{
    private ILiveCommentary? _live;

    // Connections with an open, announced retransmission stall: the only ones a clock tick needs to look at.
    private HashSet<Connection>? _stalled;

    public void WatchLive(ILiveCommentary live)
    {
        _live = live;
        _stalled = [];
    }

    /// <summary>
    /// Live: the capture clock moved to <paramref name="now"/> without a packet. Checks the stalled connections for an
    /// overdue retransmission, and reports how each stands when <paramref name="standing"/>. Connections are not
    /// finished here: idle and linger timeouts stay on packet time, so the records equal a later analysis of the file.
    /// </summary>
    public void AdvanceClock(long now, bool standing)
    {
        if (_stalled is null)
        {
            return;
        }

        foreach (var connection in _stalled)
        {
            if (now > connection.LastSeenNs)
            {
                connection.Tracker.WatchOverdue(connection, now, _options.Outages, this, standing);
            }
        }
    }

    private void SayIfEnded(Connection connection, long now)
    {
        if (connection.State is ConnectionState.Closed or ConnectionState.Reset)
        {
            _live!.ConnectionEnded(connection, VerdictRules.Decide(connection), now);
        }
    }

    private void WatchIfStalled(Connection connection, Outage outage)
    {
        if (_stalled is not null && outage.IsOpen && outage.Kind == OutageKind.Retransmission)
        {
            _stalled.Add(connection);
        }
    }

    private void UnwatchUnlessStalled(Connection connection)
    {
        if (_stalled is not null && !connection.Tracker.HasOpenStall)
        {
            _stalled.Remove(connection);
        }
    }

    void IOutageObserver.SenderGaveUp(Connection connection, in GiveUpSign sign) => _live?.SenderGaveUp(connection, sign);

    void IOutageObserver.SenderResumed(Connection connection, Outage outage, long nowNs) => _live?.SenderResumed(connection, outage, nowNs);

    void IOutageObserver.StallStatus(Connection connection, in StallStanding standing) => _live?.StallStatus(connection, standing);
}
