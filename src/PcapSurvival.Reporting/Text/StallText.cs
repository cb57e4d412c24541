using PcapSurvival.Core.Outages;

namespace PcapSurvival.Reporting.Text;

/// <summary>How an open stall stands, in a few words, for the live status line and the --status-every lines.</summary>
public static class StallText
{
    public static string Standing(in StallStanding standing)
    {
        var outage = standing.Outage;
        string next = standing.AppearsGivenUp
            ? $"retransmission due at {OutageText.Clock(standing.NextDueNs)} never came"
            : $"next retransmission due at {OutageText.Clock(standing.NextDueNs)}";
        return $"{OutageText.Side(outage.ClientStalled)} stalled for {OutageText.Seconds(standing.StalledSeconds)}, {next}, "
            + $"{OutageText.Percent(standing.BudgetUsedPercent)} of the {outage.BudgetSetting} budget used";
    }
}
