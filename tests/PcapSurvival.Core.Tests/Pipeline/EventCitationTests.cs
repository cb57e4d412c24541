using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tests.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Pipeline;

/// <summary>
/// The frames and times events.csv cites: a frame and a time on one row are those of the same packet, so a join
/// on the frame never contradicts the row, and a retransmission cites the packet that first sent its data.
/// </summary>
public class EventCitationTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void SpuriousRetransmission_CitesTheFirstTransmissionOfItsData_NotItself()
    {
        var result = Scenario.Start().Handshake()
            .Server(20, 1, 1, len: 44, flags: "PA")       // frame 4: first sent
            .Client(60, 1, 45)                            // frame 5: acknowledged
            .Server(232, 1, 1, len: 44, flags: "PA")      // frame 6: sent again, 212 ms later
            .Run();

        var spurious = Assert.Single(result.Sink.Events, e => e.Flag == AnalysisFlags.SpuriousRetransmission);
        Assert.Equal(6, spurious.Frame);
        Assert.Equal(4, spurious.RelatedFrame);
        Assert.Equal(212 * Ms, spurious.DelayNs);
    }

    [Fact]
    public void SpuriousRetransmission_OfAcknowledgedData_DoesNotKeepAClosedConnectionOpen()
    {
        var result = Scenario.Start().Handshake()
            .Server(20, 1, 1, len: 44, flags: "PA")
            .Client(60, 1, 45, flags: "FA")
            .Server(70, 45, 2, flags: "FA")
            .Client(80, 2, 46)
            .Server(300, 1, 2, len: 44, flags: "PA")      // spurious, after everything was acknowledged
            .Run();

        var connection = Assert.Single(result.Connections);
        Assert.Equal(0, connection.Server.InFlight.Count);
    }

    [Fact]
    public void OutageEndedByGivingUp_IsCitedAtThePacketThatShowedIt_WithThatPacketsTime()
    {
        var scenario = OutageScenarios.Typing();
        uint seq = 1 + (20 * 36);
        scenario.Client(2100, seq, seq, len: 36, flags: "PA");
        foreach (double delay in new[] { 200, 600, 1400, 3000 })
        {
            scenario.Client(2100 + delay, seq, seq, len: 36, flags: "PA");
        }

        scenario.Server(20000, seq, seq, len: 36, flags: "PA").Client(20001, seq, 0, flags: "R");

        var result = scenario.Run();

        var outage = Assert.Single(Assert.Single(result.Connections).Outages);
        Assert.Equal(OutageEnding.GaveUp, outage.EndedBy);
        Assert.Equal(Scenario.StartNs + (8300 * Ms), outage.EndNs); // the give-up time stays the outage's end
        var end = Assert.Single(result.Sink.Events, e => e.Kind == EventKind.OutageEnd);
        var rst = Assert.Single(result.Sink.Packets, p => (p.Flags & TcpFlags.Rst) != 0);
        Assert.Equal(rst.Frame, end.Frame);
        Assert.Equal(rst.TimeNs, end.TimeNs);
        var rstEvent = Assert.Single(result.Sink.Events, e => e.Kind == EventKind.Rst);
        Assert.True(result.Sink.Events.IndexOf(end) > result.Sink.Events.IndexOf(rstEvent));
        Assert.True(end.TimeNs >= rstEvent.TimeNs, "outage_end goes after the RST that showed it, in time as in order");
    }

    [Fact]
    public void EveryEventOfTheShippedCaptures_CitesAFrameWhosePacketHasTheEventsTime()
    {
        int checkedFiles = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(CliRun.RepositoryRoot, "captures"), "*.pcap"))
        {
            var sink = new RecordingSink();
            using var reader = CaptureReader.FromStream(File.OpenRead(file), file);
            CaptureFileAnalysis.Run(reader, new AnalysisOptions(), sink, cancellation: TestContext.Current.CancellationToken);
            var times = sink.Packets.ToDictionary(p => p.Frame, p => p.TimeNs);
            if (sink.Packets.Count == 0)
            {
                continue; // a piece of a rotated capture can hold no TCP packet at all
            }

            checkedFiles++;
            Assert.NotEmpty(sink.Events);
            foreach (var e in sink.Events)
            {
                // Events cite TCP packets; a frame that is not one (an idle eviction at another packet) has no time to compare.
                if (times.TryGetValue(e.Frame, out long time))
                {
                    Assert.True(time == e.TimeNs, $"{Path.GetFileName(file)}: {e.Kind} {e.Flag} in frame {e.Frame} at {e.TimeNs}, the frame's time is {time}");
                }
            }
        }

        Assert.True(checkedFiles >= 10, $"{checkedFiles} captures with TCP packets");
    }
}
