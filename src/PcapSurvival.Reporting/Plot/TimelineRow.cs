using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Plot;

/// <summary>What the timeline keeps of a finished connection: a copy, since the connection object may be reused.</summary>
internal sealed record TimelineRow(long Stream, long FirstFrame, string Label, Verdict Verdict, long FirstNs, long LastNs, IReadOnlyList<TimelineOutage> Outages, int Interest)
    : IKeptRow
{
    /// <summary>The last time drawn on the row: its last packet, or the end of an outage that ran past it.</summary>
    public long EndNs => Outages.Count == 0 ? LastNs : Math.Max(LastNs, Outages.Max(o => o.EndNs));

    public static TimelineRow From(Connection c) => new(
        c.Stream,
        c.FirstFrame,
        $"{c.Stream,4} {ConnectionRow.Endpoint(c.ClientText, c.ClientPort)} → {ConnectionRow.Endpoint(c.ServerText, c.ServerPort)} {ConnectionFacts.Protocol(c)}",
        c.Verdict,
        c.FirstSeenNs,
        c.LastSeenNs,
        [.. c.Outages.Select(TimelineOutage.From)],
        ConnectionRow.InterestOf(c));
}
