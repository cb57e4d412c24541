namespace PcapSurvival.Core.Pairing;

/// <summary>
/// A run of segments in one direction that left the upstream point and never reached the downstream one, with
/// nothing of that direction getting through meanwhile: the path between the points was cut (or dropping
/// everything) at least from the first to the last of them. Times are at the upstream point, in its own clock.
/// </summary>
public sealed record PathOutage(
    ConnectionPair Pair,
    bool FromClient,
    CapturePoint Upstream,
    long FirstLostNs,
    long LastLostNs,
    int Lost,
    int Retransmissions,
    long? ThroughAgainNs);
