using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Tests.Outages;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Verdicts;

/// <summary>The incidents of issue 16 written as segments, as a capture near the client would show them.</summary>
internal static class IncidentScenarios
{
    /// <summary>The client's keystroke at 2100 ms is lost until the network returns; its last retransmission at 8300 ms gets through.</summary>
    public const uint StalledSeq = 1 + (20 * 36);

    /// <summary>Typing, then the keystroke retransmitted at +0.2, +0.6, +1.4, +3.0 and +6.2 s (not yet answered).</summary>
    public static Scenario KeystrokeStalled()
    {
        var scenario = OutageScenarios.Typing();
        scenario.Client(2100, StalledSeq, StalledSeq, len: 36, flags: "PA");
        foreach (double delay in new[] { 200, 600, 1400, 3000, 6200 })
        {
            scenario.Client(2100 + delay, StalledSeq, StalledSeq, len: 36, flags: "PA");
        }

        return scenario;
    }

    /// <summary>Runs packets of several conversations as one capture.</summary>
    public static ScenarioResult Run(IEnumerable<TestPacket> packets, AnalysisOptions? options = null)
    {
        var sink = new RecordingSink();
        using var reader = CaptureReader.FromStream(new MemoryStream(PcapFileBuilder.Build(packets, nanoseconds: true)), "incident.pcap");
        return new ScenarioResult(sink, CaptureFileAnalysis.Run(reader, options ?? new AnalysisOptions(), sink));
    }
}
