namespace PcapSurvival.Core.Tcp;

/// <summary>What decided which side of a connection is the client (the <c>sides_by</c> field).</summary>
public enum SidesEvidence : byte
{
    /// <summary>The client sent the SYN.</summary>
    Syn,

    /// <summary>The SYN was missed, but the server's SYN/ACK was seen: its receiver is the client.</summary>
    SynAck,

    /// <summary>No handshake seen: one port is a service port (well-known or registered) and the other ephemeral.</summary>
    Ports,

    /// <summary>No handshake and no telling ports: the first sender seen is taken as the client (a guess).</summary>
    FirstSender,
}
