using System.Globalization;
using PcapSurvival.Core.Outages;

namespace PcapSurvival.Reporting;

/// <summary>Outage values shared by CSV and JSON.</summary>
public static class OutageFacts
{
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

    /// <summary>The same as numbers, every matching value (3, 4 for "3-4"); empty when <see cref="MatchingRetries2"/> is null.</summary>
    public static IEnumerable<long> MatchingRetries2Values(Outage outage) =>
        !outage.Handshake && outage.MatchingRetries is var (low, high) ? Enumerable.Range(low, high - low + 1).Select(v => (long)v) : [];
}
