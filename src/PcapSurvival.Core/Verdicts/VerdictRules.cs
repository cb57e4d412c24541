using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Verdicts;

/// <summary>Decides a connection's verdict from what was seen: a pure function, computed once at the end.</summary>
internal static class VerdictRules
{
    public static Verdict Decide(Connection connection)
    {
        var verdict = FromOutages(connection);

        // A death or stall read from retransmissions needs the other direction: its answers, or their absence, are
        // what says whether the network failed (seen alone, every segment after a lost one stays "in the outage",
        // even the ordinary FIN at the end). Only a RST is evidence on its own.
        bool inferredFromSilence = verdict == Verdict.Stalled || (verdict == Verdict.Died && !connection.Client.SawRst && !connection.Server.SawRst);
        return inferredFromSilence && CaptureCaveats.OneDirection(connection) ? Verdict.Undetermined : verdict;
    }

    private static Verdict FromOutages(Connection connection)
    {
        ref readonly var client = ref connection.Client;
        ref readonly var server = ref connection.Server;
        bool handshakeAnswered = server.SawSyn;
        if (client.SawSyn && !handshakeAnswered && !connection.Midstream)
        {
            if (server.SawRst)
            {
                return Verdict.Refused;
            }

            // A client that acknowledged something was answered: the capture just lacks the server's direction.
            if (server.Packets == 0 && !client.SawAck)
            {
                return Verdict.Unanswered;
            }
        }

        bool anyOpen = false;
        var outages = connection.Outages;
        for (int i = 0; i < outages.Count; i++)
        {
            var outage = outages[i];
            if (outage.EndedBy is OutageEnding.GaveUp or OutageEnding.Reset or OutageEnding.Fin || outage.Loss != ConnectionLoss.None)
            {
                return Verdict.Died;
            }

            anyOpen |= outage.EndedBy == OutageEnding.CaptureEnd;
        }

        if (client.SawRst || server.SawRst)
        {
            return Verdict.Reset;
        }

        if (anyOpen)
        {
            return Verdict.Stalled;
        }

        return connection.OutageCount > 0 ? Verdict.Survived : Verdict.Unaffected;
    }
}
