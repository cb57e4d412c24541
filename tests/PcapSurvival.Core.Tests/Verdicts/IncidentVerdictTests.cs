using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Core.Tests.Outages;
using PcapSurvival.Reporting.Text;
using PcapSurvival.Testing;
using static PcapSurvival.Core.Tests.Verdicts.IncidentScenarios;

namespace PcapSurvival.Core.Tests.Verdicts;

/// <summary>Issue 16's incidents from synthetic segments: each rule on the TCP behaviour it relies on.</summary>
public class IncidentVerdictTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void MidstreamPickup_ServerSpeaksFirst_ThePortsDecideTheSides()
    {
        // Picked up midstream, the first packet is the server's output from port 22 to the client's ephemeral port.
        var scenario = Scenario.Start(clientPort: 55148, serverPort: 22);
        OutageScenarios.Continue(scenario.Server(0, 1, 1, len: 100, flags: "PA"), 5, 1, 100);

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(22, connection.ServerPort);
        Assert.Equal(55148, connection.ClientPort);
        Assert.Equal(SidesEvidence.Ports, connection.SidesBy);
        Assert.True(connection.Midstream);
    }

    [Theory]
    [InlineData((ushort)22, (ushort)40000, true)] // well-known against ephemeral (Linux range)
    [InlineData((ushort)8080, (ushort)50000, true)] // registered against ephemeral (IANA range)
    [InlineData((ushort)443, (ushort)3306, true)] // well-known against registered
    [InlineData((ushort)40000, (ushort)22, false)]
    public void PortRanks_TheMoreServiceLikePortIsTheServer(ushort source, ushort destination, bool sourceIsServer)
    {
        var segment = new Core.Decoding.TcpSegment { SourcePort = source, DestinationPort = destination, Flags = Core.Decoding.TcpFlags.Ack };

        bool sourceIsClient = SideDecision.SourceIsClient(segment, out var evidence);

        Assert.Equal(!sourceIsServer, sourceIsClient);
        Assert.Equal(SidesEvidence.Ports, evidence);
    }

    [Fact]
    public void MidstreamPickup_TwoEphemeralPorts_FirstSenderIsAGuessAndSaysSo()
    {
        var connection = Assert.Single(Scenario.Start(clientPort: 40000, serverPort: 50000).Client(0, 1, 1, len: 10, flags: "PA").Run().Connections);

        Assert.Equal(SidesEvidence.FirstSender, connection.SidesBy);
        Assert.Equal(40000, connection.ClientPort);
    }

    [Fact]
    public void ApplicationGaveUp_QueuedFinLeavesWithTheRecoveringAck_ThenRstForTheServersData_Died()
    {
        uint s = StalledSeq;
        var scenario = KeystrokeStalled()
            .Server(8301, s, s + 36) // the retransmission got through: a plain ACK
            .Client(8301.1, s + 36, s, flags: "FA") // the FIN queued during the outage leaves at once
            .Server(8302, s, s + 37, len: 36, flags: "PA") // the server's data...
            .Client(8302.1, s + 37, 0, flags: "R"); // ...hits the closed socket

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Died, connection.Verdict);
        var outage = Assert.Single(connection.Outages);
        Assert.Equal(ConnectionLoss.ApplicationClosed, outage.Loss);
        Assert.True(outage.LossByClient);
        Assert.Equal("the client closed it during the outage", VerdictReasons.Reason(connection));
        Assert.StartsWith("died: the client closed the connection during the 6.2 s outage", OutageText.Describe(outage), StringComparison.Ordinal);
        Assert.Contains("as ssh's ServerAliveCountMax × ServerAliveInterval does", OutageText.Describe(outage), StringComparison.Ordinal);
    }

    [Fact]
    public void ApplicationGaveUp_OnlyARstAnswersTheServersDataAfterRecovery_Died()
    {
        uint s = StalledSeq;
        var scenario = KeystrokeStalled()
            .Server(8301, s, s + 36)
            .Server(9000, s, s + 36, len: 36, flags: "PA")
            .Client(9000.1, s + 36, 0, flags: "R");

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Died, connection.Verdict);
        Assert.Equal(ConnectionLoss.ApplicationClosed, Assert.Single(connection.Outages).Loss);
    }

    [Fact]
    public void Survived_ThenTheClientAcknowledgesNewDataAndLaterResets_IsNoLossOfTheOutage()
    {
        uint s = StalledSeq;
        var scenario = KeystrokeStalled()
            .Server(8301, s, s + 36, len: 36, flags: "PA")
            .Client(8302, s + 36, s + 36) // the client's socket took the echo: alive after the outage
            .Server(9000, s + 36, s + 36, len: 36, flags: "PA")
            .Client(9000.1, s + 36, 0, flags: "R");

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(ConnectionLoss.None, Assert.Single(connection.Outages).Loss);
        Assert.Equal(Verdict.Reset, connection.Verdict);
    }

    [Fact]
    public void Survived_ThenAnOrdinaryCloseSecondsLater_Survived()
    {
        uint s = StalledSeq;
        var scenario = KeystrokeStalled()
            .Server(8301, s, s + 36)
            .Client(12000, s + 36, s, flags: "FA")
            .Server(12001, s, s + 37, flags: "FA")
            .Client(12002, s + 37, s + 1);

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Survived, connection.Verdict);
    }

    [Fact]
    public void PeerForgot_TheRetransmissionAfterRecoveryIsAnsweredByRst_DiedWithItsOwnReason()
    {
        uint s = StalledSeq;
        var connection = Assert.Single(KeystrokeStalled().Server(8301, s, 0, flags: "R").Run().Connections);

        Assert.Equal(Verdict.Died, connection.Verdict);
        var outage = Assert.Single(connection.Outages);
        Assert.Equal(ConnectionLoss.PeerForgot, outage.Loss);
        Assert.False(outage.LossByClient);
        Assert.Equal("the server had forgotten it", VerdictReasons.Reason(connection));
        Assert.Contains("the server had forgotten the connection", OutageText.Describe(outage), StringComparison.Ordinal);
    }

    [Fact]
    public void OneWayOutage_TheAnswerIsTheOtherSidesOwnPacket_NetworkBackBetweenTheLastRetransmissionAndIt()
    {
        // Picked up midstream (no round trip known). The server's ACKs are dropped; the client retransmits at +0.2,
        // +0.6, +1.4, +3.0 s; the network comes back and the server's own packet at +5.1 s gets through.
        var scenario = OutageScenarios.Continue(Scenario.Start(), 20, 1, 100);
        uint s = StalledSeq;
        scenario.Client(2100, s, s, len: 36, flags: "PA");
        foreach (double delay in new[] { 200, 600, 1400, 3000 })
        {
            scenario.Client(2100 + delay, s, s, len: 36, flags: "PA");
        }

        var connection = Assert.Single(scenario.Server(7200, s, s + 36, len: 36, flags: "PA").Client(7201, s + 36, s + 36).Run().Connections);

        var outage = Assert.Single(connection.Outages);
        Assert.Equal(Verdict.Survived, connection.Verdict);
        Assert.Equal(Scenario.StartNs + (5100 * Ms), outage.NetworkBackAfterNs);
        Assert.Equal(Scenario.StartNs + (7200 * Ms), outage.NetworkBackByNs);
        Assert.Contains("between +3.0 s and +5.1 s from the outage's start (22:13:25.100–22:13:27.200 UTC)", OutageText.Describe(outage), StringComparison.Ordinal);
    }

    [Fact]
    public void OneWayOutage_TheStalledSidesAcksOfTheOtherSidesRetransmissionsWentUnansweredToo()
    {
        // The server's retransmission at +4.0 s reaches the client, whose ACK of it is lost: the network came back
        // after that ACK, not after the client's retransmission at +3.0 s.
        var scenario = OutageScenarios.Typing();
        uint s = StalledSeq;
        scenario.Client(2100, s, s, len: 36, flags: "PA");
        foreach (double delay in new[] { 200, 600, 1400, 3000 })
        {
            scenario.Client(2100 + delay, s, s, len: 36, flags: "PA");
        }

        scenario.Server(6000, s, s, len: 36, flags: "PA").Client(6000.1, s, s + 36);
        scenario.Client(8300, s, s + 36, len: 36, flags: "PA").Server(8310, s + 36, s + 36);

        var outage = Assert.Single(Assert.Single(scenario.Run().Connections).Outages);

        Assert.Equal(Scenario.StartNs + (6000 * Ms) + 100_000, outage.NetworkBackAfterNs);
        Assert.Equal(Scenario.StartNs + (8300 * Ms), outage.NetworkBackByNs);
    }

    [Fact]
    public void RstWithoutOutage_StaysReset()
    {
        var connection = Assert.Single(OutageScenarios.Typing(5).Server(1000, 181, 181, flags: "R").Run().Connections);

        Assert.Equal(Verdict.Reset, connection.Verdict);
    }

    [Fact]
    public void OneDirectionCapture_RetransmissionsAlone_VerdictCannotBeTold()
    {
        // Picked up midstream, only the client's packets: a segment and two retransmissions.
        var scenario = Scenario.Start().Client(0, 1, 1, len: 36, flags: "PA").Client(200, 1, 1, len: 36, flags: "PA").Client(1500, 1, 1, len: 36, flags: "PA");

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Undetermined, connection.Verdict);
        Assert.Equal(Caveat.OneDirection, CaptureCaveats.Of(connection));
    }

    [Fact]
    public void OneDirectionCapture_TheOrdinaryFinAtTheEndIsNoDeath()
    {
        // Seen alone, nothing ever acknowledges the retransmitted segment, so the session's closing FIN falls "in the outage".
        var scenario = Scenario.Start().Client(0, 1, 1, len: 36, flags: "PA").Client(200, 1, 1, len: 36, flags: "PA")
            .Client(600, 1, 1, len: 36, flags: "PA").Client(1400, 1, 1, len: 36, flags: "PA")
            .Client(5000, 37, 1, len: 36, flags: "PA").Client(9000, 73, 1, flags: "FA");

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Undetermined, connection.Verdict);
    }

    [Fact]
    public void OneDirectionCapture_WithoutOutage_KeepsItsVerdictButSaysSo()
    {
        var scenario = Scenario.Start().Client(0, 1, 1, len: 36, flags: "PA").Client(100, 37, 37, len: 36, flags: "PA");

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Unaffected, connection.Verdict);
        Assert.Equal(Caveat.OneDirection, CaptureCaveats.Of(connection));
    }

    [Fact]
    public void SilentUntilTheCaptureEnds_WithDataOwed_Stalled()
    {
        // Typing at 10 packets a second, then the client's keystroke at 2100 ms is the last thing seen of it: its
        // echo never comes. Another connection keeps the capture going for 10 s more.
        var typing = OutageScenarios.Typing().Client(2100, StalledSeq, StalledSeq, len: 36, flags: "PA");
        var other = Scenario.Start(clientPort: 40001).Handshake();

        var result = Run([.. typing.Packets(0), .. other.Packets(12_000)]);

        var connection = result.Connections.Single(c => c.ClientPort == 40000);
        Assert.Equal(Verdict.Stalled, connection.Verdict);
        Assert.Equal(Caveat.SilentUntilEnd, CaptureCaveats.Of(connection));
        var outage = Assert.Single(connection.Outages);
        Assert.Equal(OutageKind.Silence, outage.Kind);
        Assert.Equal(OutageEnding.CaptureEnd, outage.EndedBy);
        Assert.Equal(36, outage.OwedBytes);
        Assert.Equal(Scenario.StartNs + (2100 * Ms), outage.StartNs);
        Assert.Contains("36 bytes from the client unacknowledged", OutageText.Describe(outage), StringComparison.Ordinal);
    }

    [Fact]
    public void SilentUntilTheCaptureEnds_EverythingAcknowledged_IdleAndUnaffected()
    {
        var typing = OutageScenarios.Typing();
        var other = Scenario.Start(clientPort: 40001).Handshake();

        var result = Run([.. typing.Packets(0), .. other.Packets(12_000)]);

        var connection = result.Connections.Single(c => c.ClientPort == 40000);
        Assert.Equal(Verdict.Unaffected, connection.Verdict);
        Assert.Empty(connection.Outages);
    }

    [Fact]
    public void HeavyLossWithoutOutage_StaysUnaffectedButDegraded()
    {
        // Every data segment is sent twice, the copy 300 ms later: half the bytes are retransmissions, each a short stall.
        var scenario = Scenario.Start().Handshake();
        for (int i = 0; i < 6; i++)
        {
            uint seq = 1 + (uint)(i * 100);
            double at = 100 + (i * 1000);
            scenario.Client(at, seq, 1, len: 100, flags: "PA").Client(at + 300, seq, 1, len: 100, flags: "PA").Server(at + 310, 1, seq + 100);
        }

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Unaffected, connection.Verdict);
        Assert.Equal(600, Degradation.RetransmittedBytes(connection));
        Assert.Equal(0.5, Degradation.Share(connection), precision: 6);
        Assert.True(Degradation.IsDegraded(connection));
    }

    [Fact]
    public void AnOutagesOwnRetransmissions_AreNoDegradation()
    {
        var connection = Assert.Single(OutageScenarios.SurvivedLinkBounce().Run().Connections);

        Assert.Equal(5 * 36, Degradation.RetransmittedBytes(connection));
        Assert.True(Degradation.Share(connection) > Degradation.RetransmittedShare); // a tenth of a quiet session's bytes...
        Assert.False(Degradation.IsDegraded(connection)); // ...but all of them the outage's
    }

    [Fact]
    public void OrdinaryConnection_IsNotDegraded()
    {
        var connection = Assert.Single(OutageScenarios.Typing().Run().Connections);

        Assert.False(Degradation.IsDegraded(connection));
        Assert.Equal(0, Degradation.RetransmittedBytes(connection));
    }
}
