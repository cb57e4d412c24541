namespace PcapSurvival.Core.Tcp;

/// <summary>The state of a connection as an observer sees it, derived from both endpoints' states.</summary>
public enum ConnectionState : byte
{
    /// <summary>The client sent a SYN and nothing came back yet.</summary>
    SynSent,

    /// <summary>The server answered with a SYN/ACK; the handshake is not complete.</summary>
    SynReceived,
    Established,

    /// <summary>One side sent a FIN.</summary>
    HalfClosed,

    /// <summary>Both sides sent a FIN.</summary>
    Closed,
    Reset,
}
