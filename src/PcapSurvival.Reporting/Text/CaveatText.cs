using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Reporting.Text;

/// <summary>The report's sentences for what a verdict cannot say on its own: a one-direction capture, heavy loss.</summary>
internal static class CaveatText
{
    /// <summary>"only the client's packets are in the capture (3 packets, 2 retransmissions): ..."</summary>
    public static string OneDirection(Connection c)
    {
        bool client = c.Client.Packets > 0;
        long packets = client ? c.Client.Packets : c.Server.Packets;
        int retransmissions = c.FlagCounts.Of(AnalysisFlags.Retransmission);
        return $"only the {OutageText.Side(client)}'s packets are in the capture ({Report.Plural(packets, "packet", "packets")}, "
            + $"{Report.Plural(retransmissions, "retransmission", "retransmissions")}): whether the connection survived cannot be told from them "
            + "(asymmetric routing, or a capture filter on one direction)";
    }

    /// <summary>"degraded: 74% of its bytes were retransmitted (1,234,567 bytes), in 12 short stalls under --min-outage"</summary>
    public static string Degraded(Connection c) =>
        $"degraded: {OutageText.Percent(100 * Degradation.Share(c))} of its bytes were retransmitted ({Report.Plural(Degradation.RetransmittedBytes(c), "byte", "bytes")}), "
        + $"{Report.Plural(c.ShortStalls, "short stall", "short stalls")} under --min-outage"
        + (c.LossStalls == 0 ? "" : $", and {Report.Plural(c.LossStalls, "longer stall", "longer stalls")} (up to {OutageText.Seconds(c.LongestLossStallSeconds)}) "
            + "that this loss explains, tries lost several times in a row, not an outage");
}
