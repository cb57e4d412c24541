using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Which end of a connection is the client, from the strongest evidence the first segment offers: the SYN's sender;
/// a SYN/ACK's receiver; then, for a connection picked up midstream (the usual case: tcpdump started, then the
/// network restarted), the port numbers: a server listens on a well-known or registered port, a client connects from
/// an ephemeral one chosen by its system (Linux 32768–60999, IANA and Windows 49152–65535). Only when the ports tell
/// nothing is the first sender guessed to be the client.
/// </summary>
public static class SideDecision
{
    /// <summary>Ports below this are IANA's well-known (system) ports.</summary>
    public const int FirstRegisteredPort = 1024;

    /// <summary>The lowest port any common system hands out as ephemeral (Linux's ip_local_port_range starts here).</summary>
    public const int FirstEphemeralPort = 32768;

    /// <summary>Returns whether the first segment's source is the client, and why.</summary>
    public static bool SourceIsClient(in TcpSegment first, out SidesEvidence evidence)
    {
        var synAck = first.Flags & (TcpFlags.Syn | TcpFlags.Ack);
        if (synAck == TcpFlags.Syn)
        {
            evidence = SidesEvidence.Syn;
            return true;
        }

        if (synAck == (TcpFlags.Syn | TcpFlags.Ack))
        {
            evidence = SidesEvidence.SynAck;
            return false;
        }

        int source = Rank(first.SourcePort);
        int destination = Rank(first.DestinationPort);
        if (source != destination)
        {
            evidence = SidesEvidence.Ports;
            return source > destination; // the more ephemeral-looking port is the client's
        }

        evidence = SidesEvidence.FirstSender;
        return true;
    }

    /// <summary>0 for a well-known port, 1 for a registered one below the ephemeral ranges, 2 for an ephemeral one.</summary>
    public static int Rank(ushort port) => port < FirstRegisteredPort ? 0 : port < FirstEphemeralPort ? 1 : 2;

    public static string Name(SidesEvidence evidence) => evidence switch
    {
        SidesEvidence.Syn => "syn",
        SidesEvidence.SynAck => "syn_ack",
        SidesEvidence.Ports => "ports",
        SidesEvidence.FirstSender => "first_sender",
        _ => evidence.ToString(),
    };
}
