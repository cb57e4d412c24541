namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Per-packet findings, with the meaning and bit values of Wireshark's TCP sequence analysis
/// (packet-tcp.c, TCP_A_*), so results can be compared with tshark one to one.
/// </summary>
[Flags]
public enum AnalysisFlags : ushort
{
    None = 0,
    Retransmission = 0x0001,
    LostSegment = 0x0002,
    AckLostSegment = 0x0004,
    KeepAlive = 0x0008,
    DuplicateAck = 0x0010,
    ZeroWindow = 0x0020,
    ZeroWindowProbe = 0x0040,
    ZeroWindowProbeAck = 0x0080,
    KeepAliveAck = 0x0100,
    OutOfOrder = 0x0200,
    FastRetransmission = 0x0400,
    WindowUpdate = 0x0800,
    WindowFull = 0x1000,
    ReusedPorts = 0x2000,
    SpuriousRetransmission = 0x4000,

    /// <summary>
    /// Not Wireshark's: the same packet captured a second time at another point (tcpdump -i any on a router), see
    /// <see cref="CaptureCopyWatch"/>. Such a packet has no other flag and is not analysed.
    /// </summary>
    CaptureDuplicate = 0x8000,

    /// <summary>Any of the three retransmission kinds (tshark's tcp.analysis.retransmission matches all three).</summary>
    AnyRetransmission = Retransmission | FastRetransmission | SpuriousRetransmission,
}
