using PcapSurvival.Core.Outages;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Plot;

/// <summary>What the timeline and the time-sequence graphs draw of one outage, copied when its connection finishes.</summary>
internal sealed record TimelineOutage(
    OutageKind Kind, bool ClientStalled, long StartNs, long EndNs, long? NetworkBackAfterNs, long? NetworkBackByNs, long[] RetransmissionNs, string Sentence)
{
    public static TimelineOutage From(Outage outage) => new(
        outage.Kind, outage.ClientStalled, outage.StartNs, outage.EndNs, outage.NetworkBackAfterNs, outage.NetworkBackByNs,
        [.. outage.TransmissionTimes.Skip(1)], OutageText.Describe(outage));
}
