using System.Globalization;
using System.Text;

using PcapSurvival.Core.Outages;

namespace PcapSurvival.Reporting.Text;

/// <summary>Plain-English descriptions of outages, for people who have never heard of RTO backoff.</summary>
public static class OutageText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Side(bool client) => client ? "client" : "server";

    /// <summary>
    /// "5 retransmissions backing off 0.2→3.2 s" (the first interval, then the longest: several segments may be
    /// retransmitted in turn, so the last interval need not be the longest), or "1 retransmission after 0.2 s",
    /// or "no retransmissions seen".
    /// </summary>
    public static string Backoff(Outage outage)
    {
        var intervals = outage.BackoffSeconds().ToList();
        if (outage.Retransmissions == 0 || intervals.Count == 0)
        {
            return "no retransmissions seen";
        }

        if (intervals.Count == 1)
        {
            return string.Format(Invariant, "1 retransmission after {0}", Seconds(intervals[0]));
        }

        return string.Format(Invariant, "{0} retransmissions backing off {1}→{2}",
            outage.Retransmissions, Number(intervals[0]), Seconds(outage.LongestIntervalNs / 1e9));
    }

    /// <summary>One sentence about one outage: what happened, when the network came back, how much of the budget it used.</summary>
    public static string Describe(Outage outage)
    {
        var text = new StringBuilder();
        string side = Side(outage.ClientStalled);
        string duration = Seconds(outage.DurationSeconds);
        if (outage.Kind == OutageKind.Silence && outage.EndedBy == OutageEnding.CaptureEnd)
        {
            return SilentToTheEnd(outage);
        }

        switch (outage.EndedBy)
        {
            case var _ when outage.Loss != ConnectionLoss.None:
                text.Append(LossText.Describe(outage));
                break;
            case OutageEnding.Recovered:
                text.Append(Invariant, $"survived a {duration} outage");
                break;
            case OutageEnding.Reset:
                text.Append(Invariant, $"was reset after a {duration} outage");
                break;
            case OutageEnding.Fin:
                text.Append(Invariant, $"was closed during a {duration} outage");
                break;
            case OutageEnding.GaveUp:
                text.Append(Invariant, $"died: the {side} gave up after {duration}");
                break;
            case OutageEnding.CaptureEnd:
                text.Append(Invariant, $"was still stalled after {duration} when the capture ended");
                break;
        }

        if (outage.Kind == OutageKind.Silence)
        {
            text.Append(Invariant, $": nothing got through from the {side}, then {outage.BacklogBytes:N0} bytes of backlog arrived at once");
        }
        else
        {
            text.Append(Invariant, $": {Backoff(outage)} {(outage.Handshake ? $"of the {side}'s {(outage.ClientStalled ? "SYN" : "SYN/ACK")}" : $"by the {side}")}");
        }

        if (outage.Kind == OutageKind.Retransmission && outage.NetworkBackAfterNs is long after && outage.NetworkBackByNs is long by)
        {
            text.Append(Invariant, $"; the network came back between +{Number((after - outage.StartNs) / 1e9)} s and +{Seconds((by - outage.StartNs) / 1e9)} from the outage's start ({Clock(after)}–{Clock(by)} UTC)");
        }

        if (outage.MatchingRetries is var (low, high))
        {
            text.Append(low == high ? $" (as {outage.BudgetSetting} = {low} would)" : $" (as {outage.BudgetSetting} = {low}..{high} would)");
        }

        if (outage.Kind == OutageKind.Retransmission && outage.BudgetSeconds is double budget && outage.BudgetUsedPercent is double used)
        {
            string allowance = outage.BudgetIsUserTimeout
                ? $"the {Seconds(budget)} TCP_USER_TIMEOUT"
                : $"the {Seconds(budget)} Linux allows{(outage.Handshake ? " a handshake" : "")} ({outage.BudgetSetting} = {outage.BudgetRetries})";
            text.Append((outage.EndedBy == OutageEnding.GaveUp, used < 100) switch
            {
                (true, true) => $"; {allowance} would have kept it retrying",
                (true, false) => $"; it had used up {allowance}", // Linux gives up at the first timeout past the budget
                (false, false) => $"; used {Percent(used)} of {allowance}: with that setting the {side} would have given up and the connection died",
                _ => $"; used {Percent(used)} of {allowance}",
            });
        }

        return text.ToString();
    }

    /// <summary>
    /// A busy connection silent until the capture ended, with what decided it: its usual pace, and the data left
    /// unacknowledged or, with nothing owed, a capture that saw no packet at all until it stopped.
    /// </summary>
    private static string SilentToTheEnd(Outage outage)
    {
        string side = Side(outage.ClientStalled);
        string evidence = outage.OwedBytes > 0
            ? string.Format(Invariant, "with {0:N0} bytes from the {1} unacknowledged; the capture point saw nothing at all", outage.OwedBytes, side)
            : "with nothing owed, but no packet at all reached the capture from then until it stopped, while the connection was still carrying data";
        return string.Format(Invariant,
            "was still stalled when the capture ended: silent for its last {0} (it had carried a packet every {1}) {2}: "
            + "as when the capture point's own link is down, so whether it survived cannot be told",
            Seconds(outage.DurationSeconds), Seconds(outage.UsualSpacingNs / 1e9), evidence);
    }

    /// <summary>"12:00:04.412": a capture time of day in UTC, to the millisecond.</summary>
    public static string Clock(long timeNs) =>
        DateTime.UnixEpoch.AddTicks(timeNs / 100).ToString("HH:mm:ss.fff", Invariant);

    /// <summary>Seconds with one decimal, two below one second: "6.2 s", "0.25 s".</summary>
    public static string Seconds(double seconds) => Number(seconds) + " s";

    public static string Number(double seconds) => seconds.ToString(Math.Abs(seconds) >= 1 ? "0.0" : "0.0#", Invariant);

    /// <summary>"45%", "3.2%", "0.65%", "0.003%": enough digits to see how close it came.</summary>
    public static string Percent(double percent) =>
        percent.ToString(percent >= 10 ? "0" : percent >= 1 ? "0.0" : percent >= 0.01 ? "0.0#" : "0.00#", Invariant) + "%";
}
