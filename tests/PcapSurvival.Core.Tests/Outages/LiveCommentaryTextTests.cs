using PcapSurvival.Reporting.Text;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Outages;

/// <summary>What the live printer says between packets, fed by the tracker with the clock ticking (Scenario.TrackLive).</summary>
public class LiveCommentaryTextTests
{
    private const uint LostSeq = 1 + (20 * 36);

    [Fact]
    public void GiveUp_SaysStallsThenGaveUpHalfOpenAndDied_AndTheFinishRepeatsNothing()
    {
        var output = new StringWriter();
        var printer = new LiveEventPrinter(output);
        var scenario = OutageScenarios.Typing().Client(2100, LostSeq, LostSeq, len: 36, flags: "PA");
        foreach (double delay in new[] { 200, 600, 1400, 3000, 6200, 12600 })
        {
            scenario.Client(2100 + delay, LostSeq, LostSeq, len: 36, flags: "PA");
        }

        var result = scenario.TrackLive(printer, tickMs: 200, untilMs: 2100 + 12600 + 30_000, standingEveryTicks: 25);
        printer.ConnectionFinished(Assert.Single(result.Connections));

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("  stalled ", StringComparison.Ordinal)
            && l.Contains("client stalled for", StringComparison.Ordinal) && l.Contains("next retransmission due at", StringComparison.Ordinal)
            && l.Contains("of the tcp_retries2 budget used", StringComparison.Ordinal));
        string gaveUp = Assert.Single(lines, l => l.Contains("  gave_up ", StringComparison.Ordinal));
        Assert.Contains("the client appears to have given up: its retransmission due at 22:13:47.500 did not come", gaveUp, StringComparison.Ordinal);
        Assert.Contains("(6 retransmissions, the last at 22:13:34.700, 12.4 s after the first); matches tcp_retries2 = 5", gaveUp, StringComparison.Ordinal);
        Assert.Contains("the server may still hold the session (sshd still ESTABLISHED", Assert.Single(lines, l => l.Contains("  half_open ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("died (the client gave up", Assert.Single(lines, l => l.Contains("  verdict ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("retransmission due at 22:13:47.500 never came", StringComparison.Ordinal)); // the stall's standing after
    }

    [Fact]
    public void VerdictSaidAtTheFins_AmendedByALateRst()
    {
        var output = new StringWriter();
        var printer = new LiveEventPrinter(output);
        uint seq = 1 + (5 * 36);
        var scenario = OutageScenarios.Typing(count: 5).Client(700, seq, seq, flags: "FA").Server(701, seq, seq + 1, flags: "FA")
            .Client(702, seq + 1, seq + 1).Server(5000, seq + 1, 0, flags: "R");

        var result = scenario.TrackLive(printer, tickMs: 200, untilMs: 6000);
        printer.ConnectionFinished(Assert.Single(result.Connections));

        var verdicts = output.ToString().Split('\n').Where(l => l.Contains("  verdict ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, verdicts.Count);
        Assert.Contains("unaffected", verdicts[0], StringComparison.Ordinal);
        Assert.Contains("reset (amended: unaffected was said at 22:13:20.701, later packets changed it; by the server)", verdicts[1], StringComparison.Ordinal);
    }
}
