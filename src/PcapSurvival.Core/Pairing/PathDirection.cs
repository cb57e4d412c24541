namespace PcapSurvival.Core.Pairing;

/// <summary>One direction of a connection pair: what became of its segments between the two points, and their delay.</summary>
public sealed class PathDirection
{
    /// <summary>Segments seen at both points.</summary>
    public long Matched { get; internal set; }

    public long LostBetween { get; internal set; }

    public long CaptureLossDownstream { get; internal set; }

    public long CaptureLossUpstream { get; internal set; }

    public long SentBetween { get; internal set; }

    /// <summary>The point this direction passes first; null when nothing of it was seen at both points.</summary>
    public CapturePoint? Upstream { get; internal set; }

    /// <summary>One-way delay between the points (with the estimated offset taken out), in nanoseconds; null without matches.</summary>
    public long? MinDelayNs { get; internal set; }

    public long? MaxDelayNs { get; internal set; }

    public long? MeanDelayNs { get; internal set; }

    // Raw differences (time at B - time at A) of matched segments, turned into delays once the offset is known.
    internal long MinDifferenceNs = long.MaxValue;
    internal long MaxDifferenceNs = long.MinValue;
    internal double SumDifferenceNs;

    /// <summary>The highest sequence end seen first at the upstream point, for telling retransmissions.</summary>
    internal uint HighestEnd;
    internal bool HasHighestEnd;

    internal void AddDifference(long difference)
    {
        Matched++;
        MinDifferenceNs = Math.Min(MinDifferenceNs, difference);
        MaxDifferenceNs = Math.Max(MaxDifferenceNs, difference);
        SumDifferenceNs += difference;
    }

    internal void Count(PathLossKind kind)
    {
        switch (kind)
        {
            case PathLossKind.LostBetween: LostBetween++; break;
            case PathLossKind.CaptureLossDownstream: CaptureLossDownstream++; break;
            case PathLossKind.CaptureLossUpstream: CaptureLossUpstream++; break;
            default: SentBetween++; break;
        }
    }
}
