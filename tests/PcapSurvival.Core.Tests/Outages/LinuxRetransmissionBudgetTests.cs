using PcapSurvival.Core.Outages;

namespace PcapSurvival.Core.Tests.Outages;

public class LinuxRetransmissionBudgetTests
{
    [Theory]
    [InlineData(15, 924.6)]
    [InlineData(8, 102.2)]
    [InlineData(3, 3.0)]
    [InlineData(9, 204.6)]
    [InlineData(10, 324.6)]
    public void Seconds_FollowsTcpModelTimeout(int retries2, double expected) =>
        Assert.Equal(expected, LinuxRetransmissionBudget.Seconds(retries2), precision: 6);

    [Theory]
    [InlineData(6, 127.0)]
    [InlineData(5, 63.0)]
    [InlineData(8, 367.0)] // 1+2+...+64, then two timeouts capped at 120 s
    public void HandshakeSeconds_DoublesFromOneSecond(int retries, double expected) =>
        Assert.Equal(expected, LinuxRetransmissionBudget.HandshakeSeconds(retries), precision: 6);

    [Fact]
    public void MatchingRetries2_FindsTheValueWhoseBudgetEndsBetweenTheLastRetransmissionAndTheGiveUp() =>
        Assert.Equal((3, 3), LinuxRetransmissionBudget.MatchingRetries2(2.8, 6.0));

    [Fact]
    public void MatchingRetries2_IsNullWhenNoValueFits() => Assert.Null(LinuxRetransmissionBudget.MatchingRetries2(7.0, 7.1));
}
