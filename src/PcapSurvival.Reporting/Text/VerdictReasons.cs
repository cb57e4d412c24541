using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

using PcapSurvival.Core.Outages;

namespace PcapSurvival.Reporting.Text;

/// <summary>Why a connection got its verdict, in a few words, where that adds anything.</summary>
public static class VerdictReasons
{
    public static string? Reason(Connection connection) => Reason(connection, connection.Verdict);

    /// <summary>The reason for <paramref name="verdict"/>, which a live capture says before the connection is finished.</summary>
    public static string? Reason(Connection connection, Verdict verdict)
    {
        switch (verdict)
        {
            case Verdict.Died:
                if (connection.Outages.FirstOrDefault(o => o.Loss != ConnectionLoss.None) is { } lost)
                {
                    return LossText.Reason(lost);
                }

                var gaveUp = connection.Outages.FirstOrDefault(o => o.EndedBy == OutageEnding.GaveUp);
                bool reset = connection.Client.SawRst || connection.Server.SawRst;
                if (gaveUp is not null)
                {
                    string side = OutageText.Side(gaveUp.ClientStalled);
                    return reset ? $"reset after the {side} gave up" : $"the {side} gave up";
                }

                return connection.Outages.Any(o => o.EndedBy == OutageEnding.Reset) ? "reset during an outage" : "closed during an outage";
            case Verdict.Stalled:
                var silent = connection.Outages.FirstOrDefault(o => o.Kind == OutageKind.Silence && o.EndedBy == OutageEnding.CaptureEnd);
                return silent is null ? "still stalled when the capture ended"
                    : silent.OwedBytes > 0 ? "silent until the capture ended, data unacknowledged"
                    : "silent until the capture ended, as was the whole capture";
            case Verdict.Undetermined:
                return "only one direction captured";
            case Verdict.Reset:
                return connection.Client.SawRst && !connection.Server.SawRst ? "by the client" : "by the server";
            default:
                return null;
        }
    }
}
