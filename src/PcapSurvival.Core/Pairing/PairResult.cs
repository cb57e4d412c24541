using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pairing;

/// <summary>Everything a paired analysis found, once both files are read.</summary>
public sealed record PairResult(
    string NameA,
    string NameB,
    ClockOffsetEstimate Offset,
    IReadOnlyList<ConnectionPair> Pairs,
    IReadOnlyList<UnmatchedConnection> Unmatched,
    FileStatistics StatisticsA,
    FileStatistics StatisticsB,
    IReadOnlyList<Connection> OutagesAtA,
    IReadOnlyList<Connection> OutagesAtB,
    long SegmentsOfUnmatchedConnections,
    long SegmentsOutsideTheOtherCapture)
{
    public int TimestampDigits => Math.Max(StatisticsA.TimestampDigits, StatisticsB.TimestampDigits);

    public string Name(CapturePoint point) => point == CapturePoint.A ? NameA : NameB;

    /// <summary>The connections with an outage in one point's own analysis.</summary>
    public IReadOnlyList<Connection> OutagesAt(CapturePoint point) => point == CapturePoint.A ? OutagesAtA : OutagesAtB;
}
