using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Text;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Outages;

public class VerdictTests
{
    [Fact]
    public void SynAnsweredByRst_Refused()
    {
        var connection = Assert.Single(Scenario.Start().Client(0, 0, 0, flags: "S").Server(1, 0, 1, flags: "RA").Run().Connections);

        Assert.Equal(Verdict.Refused, connection.Verdict);
    }

    [Fact]
    public void SynsWithoutAnswer_Unanswered()
    {
        var connection = Assert.Single(Scenario.Start().Client(0, 0, 0, flags: "S").Client(1000, 0, 0, flags: "S").Run().Connections);

        Assert.Equal(Verdict.Unanswered, connection.Verdict);
    }

    [Fact]
    public void OnlyTheClientsDirectionCaptured_IsNotUnanswered()
    {
        var connection = Assert.Single(Scenario.Start().Client(0, 0, 0, flags: "S").Client(10, 1, 1)
            .Client(20, 1, 1, len: 100, flags: "PA").Client(200, 101, 201).Run().Connections);

        Assert.Equal(0, connection.Server.Packets);
        Assert.Equal(Verdict.Unaffected, connection.Verdict);
    }

    [Fact]
    public void OnlyTheClientsDirectionCaptured_ALostSynIsNoDeath()
    {
        // The first SYN went unanswered, the second was answered (not captured): the client's plain ACK says so.
        var connection = Assert.Single(Scenario.Start().Client(0, 0, 0, flags: "S").Client(1000, 0, 0, flags: "S")
            .Client(1050, 1, 1).Client(1060, 1, 1, len: 100, flags: "PA").Client(1300, 101, 201).Run().Connections);

        var outage = Assert.Single(connection.Outages);
        Assert.Equal(OutageEnding.Recovered, outage.EndedBy);
        Assert.Equal(Verdict.Survived, connection.Verdict);
    }

    [Fact]
    public void RstWithoutOutage_Reset()
    {
        var connection = Assert.Single(OutageScenarios.Typing(5).Server(1000, 181, 181, flags: "R").Run().Connections);

        Assert.Equal(Verdict.Reset, connection.Verdict);
        Assert.Equal("by the server", VerdictReasons.Reason(connection));
    }

    [Fact]
    public void NormalCloseWithoutOutage_Unaffected()
    {
        var scenario = OutageScenarios.Typing(5).Client(1000, 181, 181, flags: "FA").Server(1001, 181, 182, flags: "FA").Client(1002, 182, 182);

        var connection = Assert.Single(scenario.Run().Connections);

        Assert.Equal(Verdict.Unaffected, connection.Verdict);
        Assert.Equal(Core.Tcp.ConnectionState.Closed, connection.State);
    }
}
