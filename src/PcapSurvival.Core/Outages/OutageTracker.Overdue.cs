using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Outages;

/// <summary>
/// Live capture's watch on open stalls between packets: the sender's backoff says when its next retransmission is
/// due (the last one plus twice the last interval); one that has not come half the next interval after that means
/// the sender appears to have given up. Half an interval is far beyond a retransmission timer's own slack, and short
/// of the next doubling; the 250 ms floor covers a loaded sender at the shortest intervals. So the line comes within
/// 1.5 intervals and a tick of the last retransmission, inside the 2 promised. The file analysis's end-of-capture rule
/// (<see cref="StoppedRetransmitting"/>) has a 1 s floor instead: there nothing is said early, and a sender whose
/// interval was shrunk by ICMP unreachables (RFC 6069 reverts the backoff) would be said to give up 2 intervals after
/// its last try with it, not 1.5. A file's analysis never calls this.
/// </summary>
internal partial struct OutageTracker
{
    /// <summary>The least margin past the due time before a give-up is said: a loaded sender's timer may fire this late.</summary>
    private const long LiveSlackFloorNs = 250_000_000;

    /// <summary>
    /// Looks at both sides' stalls at <paramref name="now"/> (the wall clock, between packets); says a give-up once per
    /// stall, and how each stall stands when <paramref name="standing"/>.
    /// </summary>
    public readonly void WatchOverdue(Connection connection, long now, OutageSettings settings, IOutageObserver observer, bool standing)
    {
        WatchOverdue(connection, _clientStall, now, settings, observer, standing);
        WatchOverdue(connection, _serverStall, now, settings, observer, standing);
    }

    private static void WatchOverdue(Connection connection, Stall? stall, long now, OutageSettings settings, IOutageObserver observer, bool standing)
    {
        if (stall is not { Announced: true })
        {
            return;
        }

        var outage = stall.Outage;
        long due = ExpectedNextTransmission(outage);
        if (!stall.GaveUpSaid && now > due + Math.Max((due - outage.LastTransmissionNs) / 2, LiveSlackFloorNs))
        {
            stall.GaveUpSaid = true;
            observer.SenderGaveUp(connection, GiveUpSignOf(outage, now, due));
        }

        if (standing)
        {
            observer.StallStatus(connection, new StallStanding(outage, now, due, BudgetUsedPercent(outage, now, settings), stall.GaveUpSaid));
        }
    }

    /// <summary>
    /// When a stall still open at the end is judged: at the capture's last packet, but for a sender a live capture
    /// already said had given up, at the capture's stop, which it watched until (so the report keeps what was said).
    /// </summary>
    private static long StallEnd(Stall? stall, long captureEndNs, long stoppedNs) =>
        stall is { GaveUpSaid: true } ? Math.Max(captureEndNs, stoppedNs) : captureEndNs;

    private static GiveUpSign GiveUpSignOf(Outage outage, long now, long due)
    {
        var times = outage.TransmissionTimes;
        long first = times.Count > 1 ? times[1] : times[0];
        long last = outage.LastTransmissionNs;
        var retries2 = outage.Handshake ? null : LinuxRetransmissionBudget.MatchingRetries2((last - first) / 1e9, (due - first) / 1e9);
        return new GiveUpSign(outage, now, due, first, last, retries2);
    }

    /// <summary>The share of the give-up budget used by <paramref name="now"/>, counted as <see cref="Close"/> counts it.</summary>
    private static double BudgetUsedPercent(Outage outage, long now, OutageSettings settings)
    {
        var times = outage.TransmissionTimes;
        bool handshakeBudget = outage.Handshake && settings.UserTimeoutSeconds is null;
        long start = handshakeBudget || times.Count < 2 ? times[0] : times[1];
        double seconds = handshakeBudget
            ? LinuxRetransmissionBudget.HandshakeSeconds(outage.ClientStalled ? LinuxRetransmissionBudget.DefaultSynRetries : LinuxRetransmissionBudget.DefaultSynAckRetries)
            : settings.BudgetSeconds;
        return 100.0 * Math.Max(0, now - start) / 1e9 / seconds;
    }
}
