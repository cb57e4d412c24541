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
    BadTcpHeader,
}
