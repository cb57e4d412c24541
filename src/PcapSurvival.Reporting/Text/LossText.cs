using System.Globalization;
using PcapSurvival.Core.Outages;

namespace PcapSurvival.Reporting.Text;

/// <summary>The English for how an outage cost a connection its life (<see cref="ConnectionLoss"/>), and its name in exports.</summary>
public static class LossText
{
    public static string Name(ConnectionLoss loss) => loss switch
    {
        ConnectionLoss.None => "",
        ConnectionLoss.ApplicationClosed => "application_closed",
        ConnectionLoss.PeerForgot => "peer_forgot",
        _ => loss.ToString(),
    };

    /// <summary>The short reason of the verdict: "the client closed it during the outage".</summary>
    public static string Reason(Outage outage) => outage.Loss == ConnectionLoss.PeerForgot
        ? $"the {OutageText.Side(outage.LossByClient)} had forgotten it"
        : $"the {OutageText.Side(outage.LossByClient)} closed it during the outage";

    /// <summary>The start of the outage's sentence: "died: the client closed the connection 3.0 s into the outage, as ...".</summary>
    public static string Describe(Outage outage)
    {
        string side = OutageText.Side(outage.LossByClient);
        string duration = OutageText.Seconds(outage.DurationSeconds);
        if (outage.Loss == ConnectionLoss.PeerForgot)
        {
            return $"died after a {duration} outage: the {side} had forgotten the connection (it answered with a RST): it rebooted, its process died, "
                + "or its system dropped its connections when its link went down, as Windows does";
        }

        double after = (outage.LossAfterNs - outage.StartNs) / 1e9;
        double by = (outage.LossByNs - outage.StartNs) / 1e9;
        string when = by - after < 0.05
            ? $"{OutageText.Seconds(by)} into the {duration} outage"
            : after <= 0
                ? $"during the {duration} outage (within its first {OutageText.Seconds(by)})"
                : string.Format(CultureInfo.InvariantCulture, "between {0} and {1} into the {2} outage", OutageText.Seconds(after), OutageText.Seconds(by), duration);
        string why = !outage.LossInSsh ? "as an application's own timeout does"
            : outage.LossByClient ? "as ssh's ServerAliveCountMax × ServerAliveInterval does"
            : "as sshd's ClientAliveCountMax × ClientAliveInterval does";
        return $"died: the {side} closed the connection {when}, {why}";
    }
}
