using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Outages;

/// <summary>
/// Live capture's overdue rule, fed segment tables with the clock ticking between them as a live capture's does:
/// from a stalled sender's backoff, its next retransmission is due at the last one plus twice the last interval; past
/// that by half the next interval (at least 250 ms), the sender appears to have given up.
/// </summary>
public class OverdueRetransmissionTests
{
    private const double TickMs = 200;
    private const uint LostSeq = 1 + (20 * 36);

    /// <summary>Linux's retransmissions of one segment, RTO 200 ms doubling, tcp_retries2 = 5: gives up at the 7th timer.</summary>
    private static readonly double[] Retries2Five = [200, 600, 1400, 3000, 6200, 12600];

    private const double LostAtMs = 2100;

    private static Scenario GivingUp(double[] delays)
    {
        var scenario = OutageScenarios.Typing();
        scenario.Client(LostAtMs, LostSeq, LostSeq, len: 36, flags: "PA");
        foreach (double delay in delays)
        {
            scenario.Client(LostAtMs + delay, LostSeq, LostSeq, len: 36, flags: "PA");
        }

        return scenario;
    }

    private static long Ns(double ms) => Scenario.StartNs + (long)(ms * 1_000_000);

    [Fact]
    public void SenderThatStopsRetransmitting_IsSaidToHaveGivenUp_WithinTwiceTheNextInterval()
    {
        var live = new RecordingCommentary();
        double lastMs = LostAtMs + Retries2Five[^1];

        var result = GivingUp(Retries2Five).TrackLive(live, TickMs, untilMs: lastMs + 60_000);

        var sign = Assert.Single(live.GaveUp);
        double nextIntervalMs = 2 * (Retries2Five[^1] - Retries2Five[^2]); // 12.8 s
        Assert.Equal(Ns(lastMs + nextIntervalMs), sign.DueNs);
        Assert.Equal(Ns(lastMs), sign.LastRetransmissionNs);
        // Said at the first tick past the due time plus half the next interval, and so within twice that interval.
        Assert.InRange(sign.NowNs, Ns(lastMs + (1.5 * nextIntervalMs)) + 1, Ns(lastMs + (1.5 * nextIntervalMs) + TickMs));
        Assert.True(sign.NowNs - Ns(lastMs) <= (long)(2 * nextIntervalMs * 1_000_000));
        Assert.Equal((5, 5), sign.Retries2);
        Assert.True(sign.Outage.ClientStalled);
        Assert.Equal([true], live.HalfOpenAtGiveUp); // the server heard nothing of it
        Assert.Empty(live.Resumed);

        var connection = Assert.Single(result.Connections);
        Assert.Equal(Verdict.Died, connection.Verdict);
        Assert.False(HalfOpenSessions.Holder(connection)); // the server (not the client) may still hold it
    }

    [Fact]
    public void NotSaid_BeforeTheMarginPassed()
    {
        var live = new RecordingCommentary();
        double lastMs = LostAtMs + Retries2Five[^1];

        GivingUp(Retries2Five).TrackLive(live, TickMs, untilMs: lastMs + (1.5 * 12_800) - TickMs);

        Assert.Empty(live.GaveUp);
    }

    [Fact]
    public void RetransmissionAfterAll_IsSaid_AndTheStallGoesOn()
    {
        var live = new RecordingCommentary();
        // 3.2 s after the 3.0 s one: due 6.4 s later at +12.6 s, said past +15.8 s; it comes at +16 s (a sender starved of CPU).
        double[] late = [200, 600, 1400, 3000, 6200, 16_000];

        var result = GivingUp(late).TrackLive(live, TickMs, untilMs: LostAtMs + 16_000 + 1000);

        var sign = Assert.Single(live.GaveUp);
        Assert.Equal(Ns(LostAtMs + 6200 + 6400), sign.DueNs);
        Assert.Equal([Ns(LostAtMs + 16_000)], live.Resumed);
        var connection = Assert.Single(result.Connections);
        var outage = Assert.Single(connection.Outages);
        Assert.Equal(6, outage.Retransmissions); // one stall, not two
    }

    /// <summary>
    /// ICMP unreachables (a router without a route) make Linux revert its backoff (RFC 6069), so the intervals stop
    /// doubling: the next one is still taken as twice the last, and the line comes within twice that, not after a
    /// fixed second that would exceed it at these short intervals.
    /// </summary>
    [Fact]
    public void ShortIntervals_SaidWithinTwiceTheNextInterval()
    {
        var live = new RecordingCommentary();
        double[] reverted = [200, 700, 1200, 1700, 2200, 2700, 3200];
        double lastMs = LostAtMs + reverted[^1];

        GivingUp(reverted).TrackLive(live, TickMs, untilMs: lastMs + 10_000);

        var sign = Assert.Single(live.GaveUp);
        Assert.Equal(Ns(lastMs + 1000), sign.DueNs);
        Assert.InRange(sign.NowNs, Ns(lastMs + 1500) + 1, Ns(lastMs + 1500 + TickMs));
    }

    /// <summary>
    /// The file analysis, same rule: the client gave up (the capture ran on, the server's own retransmission 40 s later
    /// went unanswered) and nothing it could have sent reached the server: the server may still hold the session.
    /// A RST from the client answering that retransmission would have told the server.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, null)]
    public void Analyze_HalfOpenServer_UnlessTheClientResetIt(bool clientResets, bool? holderIsClient)
    {
        uint serverSeq = 1 + (20 * 36);
        var scenario = GivingUp(Retries2Five).Server(LostAtMs + 40_000, serverSeq, LostSeq, len: 36, flags: "PA");
        if (clientResets)
        {
            scenario.Client(LostAtMs + 40_001, LostSeq, 0, flags: "R");
        }

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Died, connection.Verdict);
        Assert.Equal(OutageEnding.GaveUp, connection.Outages[0].EndedBy);
        Assert.Equal(holderIsClient, HalfOpenSessions.Holder(connection));
    }

    [Fact]
    public void AnsweredStall_IsNeverSaidToHaveGivenUp()
    {
        var live = new RecordingCommentary();

        var result = OutageScenarios.SurvivedLinkBounce().TrackLive(live, TickMs, untilMs: 8302); // ticks through the 6.2 s wait, none after

        Assert.Empty(live.GaveUp);
        Assert.Equal(Verdict.Survived, Assert.Single(result.Connections).Verdict);
    }

    [Fact]
    public void StallStanding_SaysTheNextDueTimeAndTheBudgetUsed()
    {
        var live = new RecordingCommentary();

        GivingUp(Retries2Five[..4]).TrackLive(live, TickMs, untilMs: LostAtMs + 3000 + 1000, standingEveryTicks: 5);

        var standing = live.Standings.Last();
        Assert.Equal(Ns(LostAtMs + 3000 + 3200), standing.NextDueNs);
        Assert.False(standing.AppearsGivenUp);
        // 3.8 s after the first retransmission, of the 924.6 s budget of tcp_retries2 = 15.
        double used = 100 * ((standing.NowNs - Ns(LostAtMs + 200)) / 1e9) / LinuxRetransmissionBudget.Seconds(15);
        Assert.Equal(used, standing.BudgetUsedPercent, 6);
    }

    [Fact]
    public void FinExchange_GivesTheVerdictAtTheSecondFin()
    {
        var live = new RecordingCommentary();
        uint seq = 1 + (5 * 36);
        var scenario = OutageScenarios.Typing(count: 5).Client(700, seq, seq, flags: "FA").Server(701, seq, seq + 1, flags: "FA").Client(702, seq + 1, seq + 1);

        scenario.TrackLive(live, TickMs, untilMs: 1000);

        Assert.Equal([(Verdict.Unaffected, Ns(701))], live.Ended);
    }

    /// <summary>Ticks between packets say things, but change no record: only a capture that ran on after its last packet ends later.</summary>
    [Fact]
    public void TicksBetweenPackets_ChangeNoRecord()
    {
        var scenario = GivingUp(Retries2Five);

        var file = scenario.Track();
        var live = scenario.TrackLive(new RecordingCommentary(), TickMs, untilMs: LostAtMs + Retries2Five[^1]);

        Assert.Equal(file.Sink.Events.Select(e => (e.Kind, e.TimeNs, e.Frame)), live.Sink.Events.Select(e => (e.Kind, e.TimeNs, e.Frame)));
        Assert.Equal(Verdict.Stalled, file.Connections.Single().Verdict); // the file ends at the last retransmission
        Assert.Equal(Verdict.Stalled, live.Connections.Single().Verdict);
    }
}
