using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;

namespace PcapSurvival.Core.Pairing;

/// <summary>
/// A first estimate of B's clock minus A's, good to about one one-way delay: the median of t_B - t_A over the
/// segments found at the start of both files. It only has to be close enough for the window of the real pass;
/// the bounds of <see cref="ClockOffsetEstimate"/> come from that pass.
/// </summary>
internal static class CoarseOffset
{
    public static long? Estimate(CaptureReader a, CaptureReader b, int packets, IPacketFilter? filter)
    {
        var seenAtA = new Dictionary<SegmentFingerprint, long>();
        var decoded = new DecodedPacket();
        for (int i = 0; i < packets && a.Read(out var packet) == ReadStatus.Packet; i++)
        {
            DecodedPacket.Decode(packet, filter, ref decoded);
            if (!decoded.Filtered && decoded.Outcome == DecodeOutcome.Tcp)
            {
                var print = SegmentFingerprint.Of(decoded.Segment);
                // Copies that look alike (no IP ID) are ambiguous: left out.
                seenAtA[print] = seenAtA.ContainsKey(print) ? long.MinValue : decoded.TimeNs;
            }
        }

        var differences = new List<long>();
        for (int i = 0; i < packets && b.Read(out var packet) == ReadStatus.Packet; i++)
        {
            DecodedPacket.Decode(packet, filter, ref decoded);
            if (!decoded.Filtered && decoded.Outcome == DecodeOutcome.Tcp
                && seenAtA.TryGetValue(SegmentFingerprint.Of(decoded.Segment), out long timeAtA) && timeAtA != long.MinValue)
            {
                differences.Add(decoded.TimeNs - timeAtA);
            }
        }

        if (differences.Count == 0)
        {
            return null;
        }

        differences.Sort();
        return differences[differences.Count / 2];
    }
}
