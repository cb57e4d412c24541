using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Reporting.Text;

/// <summary>
/// What the live printer says between a connection's packets: a sender that appears to have given up (with the
/// half-open session it leaves and the verdict as it stands), one that retransmitted after all, the verdict the
/// moment a connection ends, and stalls as they stand. A verdict said early is said again at the finish only when
/// later packets changed it, as an amendment.
/// </summary>
public sealed partial class LiveEventPrinter
{
    // The verdicts said before their connection finished, and when: a connection is finished (and its entry removed)
    // before its object can start another one.
    private readonly Dictionary<Connection, (Verdict Verdict, long AtNs)> _said = [];

    public void SenderGaveUp(Connection connection, in GiveUpSign sign)
    {
        var outage = sign.Outage;
        string side = OutageText.Side(outage.ClientStalled);
        string retries = sign.Retries2 is not { } r ? ""
            : r.Lowest == r.Highest ? $"; matches tcp_retries2 = {r.Lowest}" : $"; matches tcp_retries2 = {r.Lowest} to {r.Highest}";
        string detail = $"the {side} appears to have given up: its retransmission due at {OutageText.Clock(sign.DueNs)} did not come "
            + $"({Retransmissions(outage.Retransmissions)}, the last at {OutageText.Clock(sign.LastRetransmissionNs)}, "
            + $"{OutageText.Seconds((sign.LastRetransmissionNs - sign.FirstRetransmissionNs) / 1e9)} after the first){retries}";
        Write(sign.NowNs, connection, "gave_up", detail);
        if (HalfOpenSessions.MayStillHold(connection, outage.ClientStalled))
        {
            Write(sign.NowNs, connection, "half_open", HalfOpenText.Sentence(connection, clientHolds: !outage.ClientStalled));
        }

        // The verdict as it stands, were the stall closed now as a give-up: a later retransmission withdraws it.
        _said[connection] = (Verdict.Died, sign.NowNs);
        Write(sign.NowNs, connection, "verdict", $"died (the {side} gave up; unless it retransmits after all)");
    }

    public void SenderResumed(Connection connection, Outage outage, long nowNs)
    {
        _said.Remove(connection);
        Write(nowNs, connection, "resumed", $"the {OutageText.Side(outage.ClientStalled)} retransmitted after all "
            + $"({Retransmissions(outage.Retransmissions)} now): it had not given up, the verdict said is withdrawn and the outage goes on");
    }

    public void ConnectionEnded(Connection connection, Verdict verdict, long nowNs)
    {
        bool saidBefore = _said.TryGetValue(connection, out var said);
        if (saidBefore && said.Verdict == verdict)
        {
            return;
        }

        _said[connection] = (verdict, nowNs);
        Write(nowNs, connection, "verdict", VerdictLine(connection, verdict, saidBefore ? Amended(said) : null));
    }

    public void StallStatus(Connection connection, in StallStanding standing) =>
        Write(standing.NowNs, connection, "stalled", StallText.Standing(standing));

    /// <summary>
    /// At the finish: null when the verdict said early still stands (nothing to print), "" when none was said, else
    /// what the amendment says.
    /// </summary>
    private string? Amendment(Connection connection)
    {
        if (!_said.Remove(connection, out var said))
        {
            return "";
        }

        return said.Verdict == connection.Verdict ? null : Amended(said);
    }

    private static string Amended((Verdict Verdict, long AtNs) said) =>
        $"amended: {VerdictNames.Name(said.Verdict)} was said at {OutageText.Clock(said.AtNs)}, later packets changed it";

    private static string Retransmissions(int n) => n == 1 ? "1 retransmission" : $"{n} retransmissions";
}
