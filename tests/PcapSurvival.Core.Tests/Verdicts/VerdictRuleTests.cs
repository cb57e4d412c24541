using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Core.Tests.Outages;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Verdicts;

/// <summary>
/// Each verdict from a table of segments fed straight to the connection tracker (<see cref="Scenario.Track"/>), and
/// the same segments as packets of a pcap through the whole pipeline (<see cref="Scenario.Run"/>), which must agree.
/// </summary>
public class VerdictRuleTests
{
    public static TheoryData<string> Cases => [.. Scenarios.Keys];

    private static readonly Dictionary<string, (Func<Scenario> Build, Verdict Expected)> Scenarios = new()
    {
        ["refused: the SYN is answered by a RST"] = (
            () => Scenario.Start().Client(0, 0, 0, flags: "S").Server(1, 0, 1, flags: "RA"),
            Verdict.Refused),
        ["unanswered: two SYNs, nothing back"] = (
            () => Scenario.Start().Client(0, 0, 0, flags: "S").Client(1000, 0, 0, flags: "S"),
            Verdict.Unanswered),
        ["unaffected: typing, then FIN both ways"] = (
            () => OutageScenarios.Typing(5).Client(1000, 181, 181, flags: "FA").Server(1001, 181, 182, flags: "FA").Client(1002, 182, 182),
            Verdict.Unaffected),
        ["survived: five retransmissions backing off, then the echo"] = (
            OutageScenarios.SurvivedLinkBounce,
            Verdict.Survived),
        ["reset: a RST with no outage before it"] = (
            () => OutageScenarios.Typing(5).Server(1000, 181, 181, flags: "R"),
            Verdict.Reset),
        ["stalled: retransmitting when the capture ends"] = (
            () => Retransmitting(OutageScenarios.Typing(20), 2100, [200, 600, 1400, 3000]),
            Verdict.Stalled),
        ["died: retransmitting, then the client resets"] = (
            () => Retransmitting(OutageScenarios.Typing(20), 2100, [200, 600, 1400, 3000]).Client(6000, 1 + (20 * 36) + 36, 721, flags: "R"),
            Verdict.Died),
        ["undetermined: only the client's direction, retransmitting"] = (
            () => Scenario.Start().Client(0, 1, 1, len: 36, flags: "PA").Client(200, 1, 1, len: 36, flags: "PA").Client(1500, 1, 1, len: 36, flags: "PA"),
            Verdict.Undetermined),
    };

    [Fact]
    public void EveryVerdict_HasARuleTestHere() =>
        Assert.Equal(Enum.GetValues<Verdict>().Order(), Scenarios.Values.Select(s => s.Expected).Distinct().Order());

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrackedSegments_GiveTheVerdict_AsThePcapDoes(string name)
    {
        var (build, expected) = Scenarios[name];

        var tracked = Assert.Single(build().Track().Connections);
        var decoded = Assert.Single(build().Run().Connections);

        Assert.Equal(expected, tracked.Verdict);
        Assert.Equal(expected, decoded.Verdict);
        Assert.Equal(decoded.OutageCount, tracked.OutageCount);
        Assert.Equal(decoded.State, tracked.State);
        Assert.Equal(decoded.FlagCounts.Of(Core.Tcp.AnalysisFlags.Retransmission), tracked.FlagCounts.Of(Core.Tcp.AnalysisFlags.Retransmission));
    }

    [Fact]
    public void Died_ARstBeforeTheNextRetransmissionWasDue_EndsTheOutageAsReset()
    {
        var connection = Assert.Single(Retransmitting(OutageScenarios.Typing(20), 2100, [200, 600, 1400, 3000])
            .Client(6000, 1 + (20 * 36) + 36, 721, flags: "R").Track().Connections);

        var outage = Assert.Single(connection.Outages);
        Assert.Equal(OutageEnding.Reset, outage.EndedBy); // the next retransmission was due at 8.3 s: it had not given up
        Assert.True(outage.ClientStalled);
    }

    /// <summary>The client sends a keystroke at <paramref name="atMs"/> that the network loses, and retransmits it after each delay.</summary>
    private static Scenario Retransmitting(Scenario scenario, double atMs, double[] delaysMs)
    {
        uint seq = 1 + (20 * 36);
        scenario.Client(atMs, seq, seq, len: 36, flags: "PA");
        foreach (double delay in delaysMs)
        {
            scenario.Client(atMs + delay, seq, seq, len: 36, flags: "PA");
        }

        return scenario;
    }
}
