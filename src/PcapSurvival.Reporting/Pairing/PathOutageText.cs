using System.Globalization;
using PcapSurvival.Core.Pairing;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Pairing;

/// <summary>Sentences about an outage of the path between two capture points, and what each point made of it on its own.</summary>
public static class PathOutageText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"pair 1 (c:p → s:p): the client's 6 segments (5 retransmissions) never reached B's capture point: ..."</summary>
    public static string Describe(PathOutage outage, PairResult result)
    {
        var pair = outage.Pair;
        string sender = outage.FromClient ? "client" : "server";
        var downstream = outage.Upstream == CapturePoint.A ? "B" : "A";
        string segments = outage.Lost == 1 ? "1 segment" : $"{outage.Lost} segments";
        string retransmissions = outage.Retransmissions > 0 ? $" ({outage.Retransmissions} of them retransmissions)" : "";
        string span = string.Format(Invariant, "{0} to {1} UTC ({2}'s clock)", OutageText.Clock(outage.FirstLostNs), OutageText.Clock(outage.LastLostNs),
            outage.Upstream == CapturePoint.A ? "A" : "B");
        string again = outage.ThroughAgainNs is long through
            ? $"; its segments got through again at {OutageText.Clock(through)}"
            : "; nothing of it got through again before the capture ended";
        string cause = outage.FromClient
            ? "lost in the network between the two points"
            : OtherDirectionGotThrough(outage)
                ? "the client's segments reached the server, whose answers were lost on the way back"
                : "lost in the network between the two points";
        return $"pair {pair.Number} ({pair.ClientAtA}:{pair.ClientPortAtA} → {pair.ServerAtA}:{pair.ServerPortAtA}): the {sender}'s {segments}{retransmissions} "
            + $"from {span} never reached {downstream}'s capture point: {cause}{again}";
    }

    /// <summary>The outage the point's own analysis found on this connection at that time, in its words, or that it found none.</summary>
    public static string WhatPointSaw(PathOutage outage, PairResult result, CapturePoint point)
    {
        var pair = outage.Pair;
        bool atA = point == CapturePoint.A;
        var key = atA
            ? new FlowKey(pair.ClientAtA, pair.ClientPortAtA, pair.ServerAtA, pair.ServerPortAtA)
            : new FlowKey(pair.ClientAtB, pair.ClientPortAtB, pair.ServerAtB, pair.ServerPortAtB);
        // The run's times are in the upstream point's clock; the point's own outages in its clock.
        long shift = outage.Upstream == point ? 0 : point == CapturePoint.B ? result.Offset.OffsetNs : -result.Offset.OffsetNs;
        long first = outage.FirstLostNs + shift;
        long last = outage.LastLostNs + shift;
        foreach (var connection in result.OutagesAt(point))
        {
            if (!connection.Key.Equals(key))
            {
                continue;
            }

            foreach (var seen in connection.Outages)
            {
                if (seen.StartNs <= last + 1_000_000_000 && seen.EndNs >= first - 1_000_000_000)
                {
                    return $"stream {connection.Stream} {OutageText.Describe(seen)}";
                }
            }
        }

        return point == outage.Upstream
            ? "no outage of its own on this connection"
            : "no outage of its own on this connection (what never arrived left no trace there)";
    }

    /// <summary>For a server-side run: whether the client's direction kept getting through meanwhile (then the server did hear it).</summary>
    private static bool OtherDirectionGotThrough(PathOutage outage) =>
        !outage.Pair.Outages.Any(o => o.FromClient && o.FirstLostNs <= outage.LastLostNs && o.LastLostNs >= outage.FirstLostNs);
}
