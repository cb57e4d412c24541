using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Outages;

/// <summary>Told when an outage is confirmed (it has lasted at least --min-outage) and when it ends.</summary>
internal interface IOutageObserver
{
    void OutageStarted(Connection connection, Outage outage);

    void OutageEnded(Connection connection, Outage outage);

    /// <summary>Live only: a stall's sender appears to have given up (its next retransmission is overdue).</summary>
    void SenderGaveUp(Connection connection, in GiveUpSign sign)
    {
    }

    /// <summary>Live only: a sender said to have given up retransmitted after all.</summary>
    void SenderResumed(Connection connection, Outage outage, long nowNs)
    {
    }

    /// <summary>Live only: how an open stall stands.</summary>
    void StallStatus(Connection connection, in StallStanding standing)
    {
    }
}
