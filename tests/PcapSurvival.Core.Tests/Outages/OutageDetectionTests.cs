using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Text;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Outages;

public class OutageDetectionTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void LinkBounce_RetransmissionOutage_SurvivedWithItsBackoffSeries()
    {
        var result = OutageScenarios.SurvivedLinkBounce().Run();

        var connection = Assert.Single(result.Connections);
        Assert.Equal(Verdict.Survived, connection.Verdict);
        var outage = Assert.Single(connection.Outages);
        Assert.Equal(OutageKind.Retransmission, outage.Kind);
        Assert.True(outage.ClientStalled);
        Assert.Equal(OutageEnding.Recovered, outage.EndedBy);
        Assert.Equal(Scenario.StartNs + (2100 * Ms), outage.StartNs);
        Assert.Equal(Scenario.StartNs + (8301 * Ms), outage.EndNs);
        Assert.Equal(5, outage.Retransmissions);
        Assert.Equal([0.2, 0.4, 0.8, 1.6, 3.2], outage.BackoffSeconds().Select(s => Math.Round(s, 3)));
        Assert.Equal(Scenario.StartNs + (5100 * Ms), outage.NetworkBackAfterNs);
        Assert.Equal(Scenario.StartNs + (8300 * Ms), outage.NetworkBackByNs);
        Assert.Equal(924.6, outage.BudgetSeconds!.Value, precision: 6);
        Assert.Equal(100 * (8.301 - 2.3) / 924.6, outage.BudgetUsedPercent!.Value, precision: 6);
    }

    [Fact]
    public void LinkBounce_OutageEventsStartAtTheOriginalTransmissionAndEndAtTheAck()
    {
        var result = OutageScenarios.SurvivedLinkBounce().Run();

        var start = Assert.Single(result.Sink.Events, e => e.Kind == EventKind.OutageStart);
        var end = Assert.Single(result.Sink.Events, e => e.Kind == EventKind.OutageEnd);
        Assert.Equal(Scenario.StartNs + (2100 * Ms), start.TimeNs);
        Assert.Equal(Scenario.StartNs + (8301 * Ms), end.TimeNs);
        Assert.Equal(result.Sink.Packets.Single(p => p.TimeNs == end.TimeNs).Frame, end.Frame);
    }

    [Fact]
    public void Describe_TellsTheStoryInOneSentence()
    {
        var outage = OutageScenarios.SurvivedLinkBounce().Run().Connections[0].Outages[0];

        Assert.Equal(
            "survived a 6.2 s outage: 5 retransmissions backing off 0.2→3.2 s by the client; the network came back between +3.0 s and +6.2 s from the outage's start (22:13:25.100–22:13:28.300 UTC); used 0.65% of the 924.6 s Linux allows (tcp_retries2 = 15)",
            OutageText.Describe(outage));
    }

    [Fact]
    public void ClientGivesUp_ThenResetsTheServersLateData_Died()
    {
        var scenario = OutageScenarios.Typing();
        uint seq = 1 + (20 * 36);
        scenario.Client(2100, seq, seq, len: 36, flags: "PA");
        foreach (double delay in new[] { 200, 600, 1400, 3000 })
        {
            scenario.Client(2100 + delay, seq, seq, len: 36, flags: "PA");
        }

        scenario.Server(20000, seq, seq, len: 36, flags: "PA").Client(20001, seq, 0, flags: "R");

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Died, connection.Verdict);
        Assert.Equal("reset after the client gave up", VerdictReasons.Reason(connection));
        var outage = Assert.Single(connection.Outages);
        Assert.Equal(OutageEnding.GaveUp, outage.EndedBy);
        Assert.Equal((3, 3), outage.MatchingRetries);
        Assert.Equal(Scenario.StartNs + (8300 * Ms), outage.EndNs); // last retransmission + twice the last interval
    }

    [Fact]
    public void ClientGivesUp_AsTheBudgetItIsMeasuredAgainstSays_HadUsedItUp()
    {
        var scenario = OutageScenarios.Typing();
        uint seq = 1 + (20 * 36);
        foreach (double delay in new[] { 0, 200, 600, 1400, 3000 })
        {
            scenario.Client(2100 + delay, seq, seq, len: 36, flags: "PA");
        }

        scenario.Server(20000, seq, seq, len: 36, flags: "PA").Client(20001, seq, 0, flags: "R");
        var options = new AnalysisOptions { Outages = new OutageSettings { Retries2 = 3 } };

        var outage = Assert.Single(Assert.Single(scenario.Run(options).Connections).Outages);

        Assert.Equal(OutageEnding.GaveUp, outage.EndedBy);
        Assert.EndsWith("(as tcp_retries2 = 3 would); it had used up the 3.0 s Linux allows (tcp_retries2 = 3)", OutageText.Describe(outage), StringComparison.Ordinal);
    }

    [Fact]
    public void RetriedSyn_IsAHandshakeOutage_MeasuredAgainstTcpSynRetries()
    {
        var scenario = Scenario.Start().Client(0, 0, 0, flags: "S").Client(1000, 0, 0, flags: "S").Client(3000, 0, 0, flags: "S")
            .Server(3001, 0, 1, flags: "SA").Client(3002, 1, 1);

        var outage = Assert.Single(Assert.Single(scenario.Run().Connections).Outages);

        Assert.True(outage.Handshake);
        Assert.Equal(OutageEnding.Recovered, outage.EndedBy);
        Assert.Equal(127, outage.BudgetSeconds!.Value, precision: 6); // SYNs at 0, 1, 3, 7, 15, 31, 63 s, given up at 127 s
        Assert.Equal(100 * 3.001 / 127, outage.BudgetUsedPercent!.Value, precision: 6); // from the first SYN
        Assert.EndsWith(
            "2 retransmissions backing off 1.0→2.0 s of the client's SYN; the network came back between +1.0 s and +3.0 s from the outage's start (22:13:21.000–22:13:23.000 UTC); used 2.4% of the 127.0 s Linux allows a handshake (tcp_syn_retries = 6)",
            OutageText.Describe(outage), StringComparison.Ordinal);
    }

    [Fact]
    public void UnansweredSyn_GivenUpAfterSixRetries_MatchesTcpSynRetries_NotTcpRetries2()
    {
        var attempt = Scenario.Start();
        foreach (int at in new[] { 0, 1000, 3000, 7000, 15000, 31000, 63000 })
        {
            attempt.Client(at, 0, 0, flags: "S");
        }

        var later = Scenario.Start(clientPort: 40001).Client(0, 0, 0, flags: "S"); // the capture goes on to 200 s
        var sink = new RecordingSink();
        byte[] capture = PcapFileBuilder.Build([.. attempt.Packets(0), .. later.Packets(200_000)], nanoseconds: true);
        using (var reader = Core.Reading.CaptureReader.FromStream(new MemoryStream(capture), "syn.pcap"))
        {
            CaptureFileAnalysis.Run(reader, new AnalysisOptions(), sink, cancellation: TestContext.Current.CancellationToken);
        }

        var connection = sink.Connections.Single(c => c.ClientPort == 40000);
        var outage = Assert.Single(connection.Outages);

        Assert.Equal(Verdict.Unanswered, connection.Verdict);
        Assert.Equal(OutageEnding.GaveUp, outage.EndedBy);
        Assert.Equal((6, 6), outage.MatchingRetries);
        Assert.Equal(Scenario.StartNs + (127_000 * Ms), outage.EndNs);
        Assert.EndsWith(
            "(as tcp_syn_retries = 6 would); it had used up the 127.0 s Linux allows a handshake (tcp_syn_retries = 6)",
            OutageText.Describe(outage), StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_LongestInterval_CountsRetransmissionsBeyondTheRecordedOnes()
    {
        var scenario = OutageScenarios.Typing();
        uint seq = 1 + (20 * 36);
        double at = 2100;
        scenario.Client(at, seq, seq, len: 36, flags: "PA");
        for (int i = 0; i < 70; i++)
        {
            at += i == 66 ? 3000 : 200; // the longest wait comes after the 64 recorded retransmissions
            scenario.Client(at, seq, seq, len: 36, flags: "PA");
        }

        var outage = Assert.Single(Assert.Single(scenario.Run().Connections).Outages);

        Assert.Equal(70, outage.Retransmissions);
        Assert.Contains("70 retransmissions backing off 0.2→3.0 s", OutageText.Describe(outage), StringComparison.Ordinal);
    }

    [Fact]
    public void ShortStall_IsLossRecoveryNotAnOutage()
    {
        var scenario = OutageScenarios.Typing();
        uint seq = 1 + (20 * 36);
        scenario.Client(2100, seq, seq, len: 36, flags: "PA").Client(2300, seq, seq, len: 36, flags: "PA")
            .Server(2301, seq, seq + 36);

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Unaffected, connection.Verdict);
        Assert.Empty(connection.Outages);
        Assert.Equal(1, connection.ShortStalls);
    }

    [Fact]
    public void MinOutage_IsConfigurable()
    {
        var options = new AnalysisOptions { Outages = new OutageSettings { MinOutageSeconds = 10 } };

        var connection = Assert.Single(OutageScenarios.SurvivedLinkBounce().Run(options).Connections);

        Assert.Equal(Verdict.Unaffected, connection.Verdict);
        Assert.Equal(1, connection.ShortStalls);
    }

    [Fact]
    public void UserTimeout_ReplacesTheBudget()
    {
        var options = new AnalysisOptions { Outages = new OutageSettings { UserTimeoutSeconds = 30 } };

        var outage = OutageScenarios.SurvivedLinkBounce().Run(options).Connections[0].Outages[0];

        Assert.Equal(30, outage.BudgetSeconds);
        Assert.Equal(100 * (8.301 - 2.3) / 30, outage.BudgetUsedPercent!.Value, precision: 6);
    }

    [Fact]
    public void CaptureEndsDuringTheOutage_Stalled()
    {
        var scenario = OutageScenarios.Typing();
        uint seq = 1 + (20 * 36);
        scenario.Client(2100, seq, seq, len: 36, flags: "PA");
        foreach (double delay in new[] { 200, 600, 1400, 3000 })
        {
            scenario.Client(2100 + delay, seq, seq, len: 36, flags: "PA");
        }

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Stalled, connection.Verdict);
        Assert.Equal(OutageEnding.CaptureEnd, connection.Outages[0].EndedBy);
    }

    [Fact]
    public void ServerOutputAfterSilenceWithABacklog_SilenceOutage()
    {
        var scenario = Scenario.Start().Handshake();
        uint seq = 1;
        for (int i = 0; i < 20; i++)
        {
            scenario.Server(100 + (i * 500), seq, 1, len: 30, flags: "PA").Client(100 + (i * 500) + 1, 1, seq + 30);
            seq += 30;
        }

        // 5 s of nothing (the server's own interface was down), then ten lines at once.
        scenario.Server(15000, seq, 1, len: 300, flags: "PA").Client(15001, 1, seq + 300);

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Survived, connection.Verdict);
        var outage = Assert.Single(connection.Outages);
        Assert.Equal(OutageKind.Silence, outage.Kind);
        Assert.False(outage.ClientStalled);
        Assert.Equal(Scenario.StartNs + (9601 * Ms), outage.StartNs);
        Assert.Equal(Scenario.StartNs + (15000 * Ms), outage.EndNs);
    }

    [Fact]
    public void IdlePauseWithoutBacklog_IsNotAnOutage()
    {
        var scenario = OutageScenarios.Typing();
        OutageScenarios.Continue(scenario, 10, 1 + (20 * 36), 12100); // ten seconds of nothing, then normal typing

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Unaffected, connection.Verdict);
        Assert.Empty(connection.Outages);
    }
}
