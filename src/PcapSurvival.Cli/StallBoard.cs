using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Cli;

/// <summary>
/// On a terminal without --status-every, the stalls go to the status line instead of printed lines: this gathers
/// them between two draws, and passes everything else the live commentary says on to the printer.
/// </summary>
internal sealed class StallBoard(LiveEventPrinter? printer) : ILiveCommentary
{
    private readonly List<string> _standings = [];

    /// <summary>The stalls reported since the last call, for the status line; null when there were none.</summary>
    public string? TakeSummary()
    {
        if (_standings.Count == 0)
        {
            return null;
        }

        string summary = _standings.Count == 1 ? _standings[0] : $"{_standings.Count} stalled; {_standings[0]}";
        _standings.Clear();
        return summary;
    }

    public void StallStatus(Connection connection, in StallStanding standing) =>
        _standings.Add($"stream {connection.Stream} {StallText.Standing(standing)}");

    public void SenderGaveUp(Connection connection, in GiveUpSign sign) => printer?.SenderGaveUp(connection, sign);

    public void SenderResumed(Connection connection, Outage outage, long nowNs) => printer?.SenderResumed(connection, outage, nowNs);

    public void ConnectionEnded(Connection connection, Verdict verdict, long nowNs) => printer?.ConnectionEnded(connection, verdict, nowNs);
}
