using PcapSurvival.Core.Tcp;

using PcapSurvival.Core.Outages;

namespace PcapSurvival.Core.Verdicts;

/// <summary>Decides a connection's verdict from what was seen: a pure function, computed once at the end.</summary>
public static class VerdictRules
{
    public static Verdict Decide(Connection connection)
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
            if (outage.EndedBy is OutageEnding.GaveUp or OutageEnding.Reset or OutageEnding.Fin)
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
