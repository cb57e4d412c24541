namespace PcapSurvival.Core.Pairing;

/// <summary>What became of a segment that only one capture point saw.</summary>
public enum PathLossKind
{
    /// <summary>Seen at the upstream point, never at the downstream one, and not acknowledged there: lost on the path between them.</summary>
    LostBetween,

    /// <summary>Seen upstream only, yet the receiver acknowledged it at the downstream point: that capture dropped it.</summary>
    CaptureLossDownstream,

    /// <summary>Seen downstream only, and the receiver's acknowledgment of it passed the upstream point: that capture dropped it.</summary>
    CaptureLossUpstream,

    /// <summary>Seen downstream only, with no sign it passed the upstream point: sent by something between the points.</summary>
    SentBetween,
}
