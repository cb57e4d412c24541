using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Verdicts;

/// <summary>
/// A half-open session: one side gave up retransmitting (silently: Linux sends no RST when it gives up), and the
/// other never heard of it. The other side then still holds the connection (sshd still ESTABLISHED, its process
/// waiting) until its own keepalive or retransmissions run out, which may be hours for an idle one.
/// </summary>
public static class HalfOpenSessions
{
    /// <summary>The side that may still hold the session (true: the client), or null when there is none.</summary>
    public static bool? Holder(Connection connection)
    {
        var outages = connection.Outages;
        for (int i = 0; i < outages.Count; i++)
        {
            if (outages[i].EndedBy == OutageEnding.GaveUp && MayStillHold(connection, gaveUpIsClient: outages[i].ClientStalled))
            {
                return !outages[i].ClientStalled;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the peer of a side that gave up may still hold the session: it closed nothing itself (no FIN, no RST of
    /// its own), and the side that gave up never reset it. Whatever the side that gave up sent during its stall, FIN
    /// included, rode retransmissions that did not get through. Not told from a capture of one direction only.
    /// </summary>
    public static bool MayStillHold(Connection connection, bool gaveUpIsClient)
    {
        if (CaptureCaveats.OneDirection(connection))
        {
            return false; // what the other side sent, a FIN or RST included, is not in the capture
        }

        ref readonly var gaveUp = ref gaveUpIsClient ? ref connection.Client : ref connection.Server;
        ref readonly var holder = ref gaveUpIsClient ? ref connection.Server : ref connection.Client;
        return !gaveUp.SawRst && !holder.SawRst && !holder.SawFin;
    }
}
