namespace PcapSurvival.Core.Pairing;

/// <summary>
/// How far B's clock is ahead of A's, from the traffic. A segment going A→B arrives at B at t_B = t_A + offset +
/// delay, one going B→A at t_A = t_B - offset + delay, and delays are never negative: so every A→B segment puts the
/// offset at or below t_B - t_A (the lowest of these is <see cref="UpperBoundNs"/>), every B→A segment at or above it
/// (the highest is <see cref="LowerBoundNs"/>). The estimate is the middle of the two bounds, within half their
/// distance, which is half the sum of the smallest one-way delays in the two directions (the classic NTP bound:
/// it is exact when the paths are symmetric). Null bounds: no segment seen at both points in that direction.
/// A single constant offset: clock drift during the capture widens the bounds.
/// </summary>
public sealed record ClockOffsetEstimate(long? LowerBoundNs, long? UpperBoundNs, long CoarseOffsetNs, long MatchedSegments)
{
    /// <summary>B's clock minus A's, in nanoseconds: the middle of the bounds, or the one bound there is.</summary>
    public long OffsetNs => (LowerBoundNs, UpperBoundNs) switch
    {
        (long low, long high) => low + ((high - low) / 2),
        (long low, null) => low,
        (null, long high) => high,
        _ => CoarseOffsetNs,
    };

    /// <summary>± this much: half the distance between the bounds; null with one bound or none.</summary>
    public long? UncertaintyNs => LowerBoundNs is long low && UpperBoundNs is long high ? Math.Abs(high - low) / 2 : null;

    /// <summary>The bounds cross (the highest B→A difference is above the lowest A→B one): clocks drifted, or copies were mismatched.</summary>
    public bool Inconsistent => LowerBoundNs is long low && UpperBoundNs is long high && low > high;
}
