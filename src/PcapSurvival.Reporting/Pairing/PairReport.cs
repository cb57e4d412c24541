using System.Globalization;
using PcapSurvival.Core.Pairing;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Pairing;

/// <summary>The report of a paired analysis: the clock offset, the pairs, what the path lost, and each outage as both points saw it.</summary>
public sealed class PairReport(TextWriter output) : IPairSink
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Started(string nameA, int digitsA, string nameB, int digitsB)
    {
    }

    public void PathLoss(in PathLossRecord loss)
    {
    }

    public void Completed(PairResult result)
    {
        output.WriteLine($"A = {result.NameA}: {result.StatisticsA.Packets} packets, {result.StatisticsA.Connections} connections");
        output.WriteLine($"B = {result.NameB}: {result.StatisticsB.Packets} packets, {result.StatisticsB.Connections} connections");
        output.WriteLine();
        output.WriteLine(OffsetSentence(result.Offset, result.Pairs));
        int translated = result.Pairs.Count(p => p.Translated);
        output.WriteLine(string.Format(Invariant, "Connections: {0} seen at both points{1}; {2} at A only, {3} at B only",
            result.Pairs.Count, translated > 0 ? $" ({translated} across a NAT)" : "",
            result.Unmatched.Count(u => u.SeenAt == CapturePoint.A), result.Unmatched.Count(u => u.SeenAt == CapturePoint.B)));
        if (result.Pairs.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("  pair  client (at A)          server (at A)          at B                                         c2s seen/lost   s2c seen/lost   delay c2s/s2c ms");
            foreach (var pair in result.Pairs)
            {
                string atB = pair.Translated ? $"{pair.ClientAtB}:{pair.ClientPortAtB} → {pair.ServerAtB}:{pair.ServerPortAtB}" : "same";
                output.WriteLine(string.Format(Invariant, "  {0,4}  {1,-21}  {2,-21}  {3,-43}  {4,13}  {5,13}  {6}",
                    pair.Number, $"{pair.ClientAtA}:{pair.ClientPortAtA}", $"{pair.ServerAtA}:{pair.ServerPortAtA}", atB,
                    $"{pair.ClientToServer.Matched}/{pair.ClientToServer.LostBetween}", $"{pair.ServerToClient.Matched}/{pair.ServerToClient.LostBetween}",
                    $"{Ms(pair.ClientToServer.MinDelayNs)}/{Ms(pair.ServerToClient.MinDelayNs)}"));
            }
        }

        long lost = result.Pairs.Sum(p => p.LostBetween);
        long missedA = result.Pairs.Sum(p => CaptureLosses(p, CapturePoint.A));
        long missedB = result.Pairs.Sum(p => CaptureLosses(p, CapturePoint.B));
        long between = result.Pairs.Sum(p => p.ClientToServer.SentBetween + p.ServerToClient.SentBetween);
        output.WriteLine();
        output.WriteLine(string.Format(Invariant,
            "Segments lost between the points: {0}; missed by A's capture: {1}, by B's: {2}; seen only downstream (sent between the points): {3}",
            lost, missedA, missedB, between));
        if (result.SegmentsOutsideTheOtherCapture > 0)
        {
            output.WriteLine(string.Format(Invariant, "Not judged: {0} segments seen at one point while the other was not capturing (before its first packet or after its last)",
                result.SegmentsOutsideTheOtherCapture));
        }

        var outages = result.Pairs.SelectMany(p => p.Outages).OrderBy(o => o.FirstLostNs).ToList();
        if (outages.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Path outages:");
            foreach (var outage in outages)
            {
                output.WriteLine($"  {PathOutageText.Describe(outage, result)}");
                foreach (var point in new[] { CapturePoint.A, CapturePoint.B })
                {
                    output.WriteLine($"    {PointLabel(point)} saw: {PathOutageText.WhatPointSaw(outage, result, point)}");
                }
            }
        }

        output.WriteLine();
    }

    private static string PointLabel(CapturePoint point) => point == CapturePoint.A ? "A" : "B";

    private static long CaptureLosses(ConnectionPair pair, CapturePoint point)
    {
        long count = 0;
        foreach (var direction in new[] { pair.ClientToServer, pair.ServerToClient })
        {
            count += direction.Upstream == point ? direction.CaptureLossUpstream : direction.CaptureLossDownstream;
        }

        return count;
    }

    private static string Ms(long? ns) => ns is long value ? (value / 1e6).ToString("0.000", Invariant) : "-";

    private static string OffsetSentence(ClockOffsetEstimate offset, IReadOnlyList<ConnectionPair> pairs)
    {
        string value = (offset.OffsetNs / 1e9).ToString("+0.000000;-0.000000", Invariant);
        if (offset.UncertaintyNs is long uncertainty)
        {
            string warning = offset.Inconsistent ? " (the bounds cross: the clocks drifted during the capture, or the pair is wrong)" : "";
            return string.Format(Invariant, "Clock: B = A {0} s ± {1} s, from {2} segments seen at both points (half the sum of the smallest one-way delays){3}",
                value, (uncertainty / 1e9).ToString("0.000000", Invariant), offset.MatchedSegments, warning);
        }

        return offset.MatchedSegments == 0
            ? "Clock: no segment was seen at both points; the offset is unknown"
            : string.Format(Invariant, "Clock: B = A {0} s, a bound only: segments were seen at both points in one direction only", value);
    }
}
