using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Pairing;

/// <summary>A segment one capture point saw and the other did not, as the point that saw it saw it.</summary>
public readonly record struct PathLossRecord(
    ConnectionPair Pair,
    CapturePoint SeenAt,
    long TimeNs,
    long Frame,
    bool FromClient,
    PathLossKind Kind,
    uint RelativeSequence,
    int Length,
    TcpFlags Flags,
    ushort IpId,
    bool Retransmission);
