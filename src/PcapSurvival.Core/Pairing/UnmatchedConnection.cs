using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Pairing;

/// <summary>A connection one capture point saw and the other did not (no packet of it at both).</summary>
public sealed record UnmatchedConnection(
    CapturePoint SeenAt,
    IpAddress Client,
    ushort ClientPort,
    IpAddress Server,
    ushort ServerPort,
    long FirstSeenNs,
    long FirstFrame,
    long Packets,
    bool SawSyn);
