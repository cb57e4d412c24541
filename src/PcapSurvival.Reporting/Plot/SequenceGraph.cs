namespace PcapSurvival.Reporting.Plot;

/// <summary>
/// The model one time-sequence graph is drawn from: one direction of one connection, with everything already
/// bounded. Built before rendering, so that tests can check what is drawn against the analysis, not pixels.
/// </summary>
/// <param name="ClientData">The client's data (with the server's ACKs), or the server's.</param>
/// <param name="OriginNs">Time zero of the bottom axis: the start of the connection's first outage, else its first packet.</param>
/// <param name="SegmentsPerBar">1, or how many segments each bar stands for once decimated.</param>
/// <param name="Segments">Data segments sent in this direction (SYN counted), all of them.</param>
internal sealed record SequenceGraph(
    bool ClientData,
    long FirstNs,
    long LastNs,
    long OriginNs,
    bool OriginIsOutage,
    IReadOnlyList<SegmentBar> Bars,
    int SegmentsPerBar,
    long Segments,
    IReadOnlyList<RetransmissionMark> Retransmissions,
    long RetransmissionsNotDrawn,
    IReadOnlyList<AckPoint> Acks,
    int AcksPerPoint,
    IReadOnlyList<SackMark> Sacks,
    long SacksNotDrawn,
    IReadOnlyList<EndMark> Ends,
    IReadOnlyList<TimelineOutage> Outages)
{
    public string DirectionName => ClientData ? "client" : "server";

    /// <summary>Whether anything was sent this way: a direction with nothing to draw gets no graph.</summary>
    public bool HasData => Bars.Count > 0 || Retransmissions.Count > 0 || Ends.Count > 0;

    public bool Decimated => SegmentsPerBar > 1 || AcksPerPoint > 1 || RetransmissionsNotDrawn > 0 || SacksNotDrawn > 0;

    /// <summary>Seconds of a capture time on the bottom axis.</summary>
    public double Seconds(long ns) => (ns - OriginNs) / 1e9;

    public static SequenceGraph From(DirectionTrace trace, bool clientData, long firstNs, long lastNs, IReadOnlyList<TimelineOutage> outages)
    {
        long origin = outages.Count > 0 ? outages.Min(o => o.StartNs) : firstNs;
        return new SequenceGraph(
            clientData, firstNs, lastNs, origin, outages.Count > 0,
            [.. trace.Bars.Slots], trace.Bars.PointsPerSlot, trace.Bars.Points,
            [.. trace.Retransmissions.Items], trace.Retransmissions.Dropped,
            [.. trace.Acks.Slots], trace.Acks.PointsPerSlot,
            [.. trace.Sacks.Items], trace.Sacks.Dropped,
            [.. trace.Ends.Items],
            outages);
    }
}
