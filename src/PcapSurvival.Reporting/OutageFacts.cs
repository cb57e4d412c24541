using System.Globalization;
using PcapSurvival.Core.Outages;

namespace PcapSurvival.Reporting;

/// <summary>Outage values shared by CSV and JSON.</summary>
public static class OutageFacts
{
    /// <summary>The backoff series as seconds joined by ';': "0.200;0.400;0.800".</summary>
    public static string BackoffList(Outage outage) =>
        string.Join(';', outage.BackoffSeconds().Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)));

    /// <summary>
    /// What <c>budget_s</c> follows: "tcp_retries2", "tcp_syn_retries" or "tcp_synack_retries" (a handshake),
    /// "user_timeout" (--user-timeout), or null for a silence, which has no budget.
    /// </summary>
    public static string? BudgetSetting(Outage outage) =>
        outage.BudgetSeconds is null ? null : outage.BudgetIsUserTimeout ? "user_timeout" : outage.BudgetSetting;

    /// <summary>
    /// "3", or "3-4" when several tcp_retries2 values fit; null when the sender did not give up, or gave up a handshake
    /// (that follows tcp_syn_retries, in the report's sentence).
    /// </summary>
    public static string? MatchingRetries2(Outage outage) => outage.Handshake ? null : outage.MatchingRetries switch
    {
        var (low, high) when low == high => low.ToString(CultureInfo.InvariantCulture),
        var (low, high) => $"{low}-{high}",
        null => null,
    };
}
