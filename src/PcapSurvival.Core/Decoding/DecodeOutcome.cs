namespace PcapSurvival.Core.Decoding;

/// <summary>What the decoder made of a packet: a TCP segment, or the reason it is not one.</summary>
public enum DecodeOutcome
{
    Tcp,
    UnsupportedLinkType,
    TruncatedLinkHeader,
    NotIp,
    TruncatedIpHeader,
    BadIpHeader,
    IpFragment,
    NotTcp,
    TruncatedTcpHeader,

    /// <summary>
    /// The TCP header claims to be longer than the segment (Wireshark's "Short segment"). Ports, sequence numbers
    /// and flags are filled in: such a packet still belongs to its connection, but is not analyzed.
    /// </summary>
    ShortTcpSegment,
    BadTcpHeader,
}
