namespace PcapSurvival.Core.Outages;

/// <summary>An open retransmission stall at <see cref="NowNs"/>: since when, the next retransmission due, the give-up budget used.</summary>
public readonly record struct StallStanding(Outage Outage, long NowNs, long NextDueNs, double BudgetUsedPercent, bool AppearsGivenUp)
{
    public double StalledSeconds => (NowNs - Outage.StartNs) / 1e9;
}
