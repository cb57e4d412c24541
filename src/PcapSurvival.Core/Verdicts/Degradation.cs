using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Verdicts;

/// <summary>
/// Heavy loss without an outage: the connection kept going (its verdict keeps its meaning) but spent much of its
/// traffic on retransmissions, or froze repeatedly for shorter than --min-outage. TCP's throughput falls with the
/// square root of the loss rate, so a tenth of the bytes sent twice already costs most of it.
/// </summary>
public static class Degradation
{
    /// <summary>The share of payload bytes retransmitted from which a connection is degraded.</summary>
    public const double RetransmittedShare = 0.10;

    /// <summary>Retransmitted segments needed before the share means anything (one lost segment of five is not a pattern).</summary>
    public const int MinRetransmittedSegments = 3;

    /// <summary>Timeout stalls under --min-outage from which a connection is degraded: each froze it for at least 200 ms (the minimum RTO); a few happen around any outage.</summary>
    public const int ShortStalls = 5;

    public static long RetransmittedBytes(Connection c) => c.Client.RetransmittedBytes + c.Server.RetransmittedBytes;

    /// <summary>Retransmitted payload bytes over all payload bytes sent (retransmissions included), 0..1.</summary>
    public static double Share(Connection c)
    {
        long total = c.Client.PayloadBytes + c.Server.PayloadBytes;
        return total == 0 ? 0 : (double)RetransmittedBytes(c) / total;
    }

    /// <summary>
    /// The share of <see cref="Share"/> left once the outages' own retransmissions are set aside: an outage is
    /// reported as such, and retransmitting through it is no sign of a lossy path.
    /// </summary>
    public static double ShareOutsideOutages(Connection c)
    {
        long total = c.Client.PayloadBytes + c.Server.PayloadBytes;
        long outside = RetransmittedBytes(c) - c.Outages.Sum(o => o.RetransmittedBytes);
        return total == 0 ? 0 : (double)Math.Max(0, outside) / total;
    }

    public static bool IsDegraded(Connection c)
    {
        return (c.FlagCounts.Retransmitted >= MinRetransmittedSegments && ShareOutsideOutages(c) >= RetransmittedShare) || c.ShortStalls >= ShortStalls || c.LossStalls > 0;
    }
}
