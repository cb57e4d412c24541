using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Verdicts;

/// <summary>Finds a connection's <see cref="Caveat"/> from what the capture holds of it.</summary>
public static class CaptureCaveats
{
    public static Caveat Of(Connection connection)
    {
        if (OneDirection(connection))
        {
            return Caveat.OneDirection;
        }

        foreach (var outage in connection.Outages)
        {
            if (outage.Kind == OutageKind.Silence && outage.EndedBy == OutageEnding.CaptureEnd)
            {
                return Caveat.SilentUntilEnd;
            }
        }

        return Caveat.None;
    }

    /// <summary>
    /// One side sent nothing the capture holds, although the other side's acknowledgements prove it answered:
    /// retransmissions, or their end, cannot then be read as the network failing or recovering.
    /// (A client whose SYNs carry no ACK and get no answer is an unanswered attempt, not this.)
    /// </summary>
    public static bool OneDirection(Connection connection) =>
        (connection.Server.Packets == 0 && connection.Client.SawAck) || (connection.Client.Packets == 0 && connection.Server.SawAck);

    public static string Name(Caveat caveat) => caveat switch
    {
        Caveat.None => "",
        Caveat.OneDirection => "one_direction",
        Caveat.SilentUntilEnd => "silent_until_end",
        _ => caveat.ToString(),
    };
}
