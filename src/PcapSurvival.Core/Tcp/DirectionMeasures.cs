namespace PcapSurvival.Core.Tcp;

/// <summary>
/// What tcptrace and Wireshark measure of one direction of a connection: round trips of its data (acknowledged by
/// the other side), the handshake's round trip, retransmitted bytes, the longest silence and the options its SYN
/// announced.
/// </summary>
public struct DirectionMeasures
{
    public DirectionMeasures()
    {
    }

    public RttEstimator Rtt;

    /// <summary>This side's SYN (or SYN/ACK) to the other side's acknowledgment of it, or -1.</summary>
    public long HandshakeRttNs { get; internal set; } = -1;

    /// <summary>Payload bytes sent again (overlapping data sent before).</summary>
    public long RetransmittedBytes { get; internal set; }

    /// <summary>Longest time between two packets of this direction.</summary>
    public long MaxIdleNs { get; internal set; }

    /// <summary>MSS option of this side's SYN, 0 when absent.</summary>
    public ushort Mss { get; internal set; }

    /// <summary>Window scale shift of this side's SYN, -1 when absent.</summary>
    public sbyte WindowScale { get; internal set; } = -1;

    public bool SackPermitted { get; internal set; }

    public bool Timestamps { get; internal set; }

    /// <summary>A SYN of this side was seen (so the options above are known).</summary>
    public bool SawSyn { get; internal set; }

    internal uint SynEnd;
    internal uint MaxEnd;
    internal bool Sent;
    internal long LastSentNs;
}
