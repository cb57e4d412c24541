using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Core.Pairing;

/// <summary>
/// Two captures of the same traffic, read side by side in time order: each is analyzed as on its own (a
/// <see cref="TrafficAnalyzer"/> per file) and, beside that, its segments are matched with the other's
/// (<see cref="SegmentPairing"/>). Unless the offset is given, a first pass over the start of both files estimates
/// it roughly (<see cref="CoarseOffset"/>), so each file is opened twice: files, not pipes.
/// </summary>
public static class PairedCaptureAnalysis
{
    /// <exception cref="PairingException">The two captures share no packet at their start.</exception>
    public static PairResult Run(
        Func<CaptureReader> openA, Func<CaptureReader> openB, PairingOptions options, IPairSink sink, CancellationToken cancellation = default)
    {
        long coarse;
        if (options.CoarseOffset is { } given)
        {
            coarse = given.Ticks * 100;
        }
        else
        {
            using var a = openA();
            using var b = openB();
            coarse = CoarseOffset.Estimate(a, b, options.CoarsePackets, options.Analysis.Filter)
                ?? throw new PairingException(
                    $"{a.Name} and {b.Name} share no TCP packet in their first {options.CoarsePackets} packets: not the same traffic, or give --offset");
        }

        using var readerA = openA();
        using var readerB = openB();
        sink.Started(readerA.Name, readerA.TimestampDigits, readerB.Name, readerB.TimestampDigits);
        var keepers = new[] { new OutageKeeper(), new OutageKeeper() };
        var analysis = options.Analysis with { RecycleConnections = false };
        var analyzers = new[]
        {
            new TrafficAnalyzer(new CaptureInfo(readerA.Name, readerA.TimestampDigits), analysis, keepers[0]),
            new TrafficAnalyzer(new CaptureInfo(readerB.Name, readerB.TimestampDigits), analysis, keepers[1]),
        };
        var pairing = new SegmentPairing(coarse, options, sink);
        var statuses = Merge([readerA, readerB], analyzers, pairing, coarse, analysis.Filter, cancellation);

        var offset = pairing.Complete();
        var statisticsA = analyzers[0].Complete(statuses[0] == ReadStatus.Damaged ? readerA.Fault : null);
        var statisticsB = analyzers[1].Complete(statuses[1] == ReadStatus.Damaged ? readerB.Fault : null);
        var result = new PairResult(readerA.Name, readerB.Name, offset, pairing.Pairs, pairing.Unmatched().ToList(),
            statisticsA, statisticsB, keepers[0].WithOutages, keepers[1].WithOutages, pairing.SegmentsOfUnmatchedConnections,
            pairing.SegmentsOutsideTheOtherCapture);
        sink.Completed(result);
        return result;
    }

    /// <summary>Feeds both files' packets in time order (B's moved by the first offset estimate) to their analyzers and to the pairing.</summary>
    private static ReadStatus[] Merge(
        CaptureReader[] readers, TrafficAnalyzer[] analyzers, SegmentPairing pairing, long coarse, IPacketFilter? filter, CancellationToken cancellation)
    {
        var decoded = new DecodedPacket[2];
        var merged = new long[2];
        var statuses = new ReadStatus[2];
        ReadNext(0);
        ReadNext(1);
        int countdown = 4096;
        while (statuses[0] == ReadStatus.Packet || statuses[1] == ReadStatus.Packet)
        {
            int side = statuses[1] != ReadStatus.Packet || (statuses[0] == ReadStatus.Packet && merged[0] <= merged[1]) ? 0 : 1;
            ref var packet = ref decoded[side];
            if (!packet.Filtered && packet.Outcome == DecodeOutcome.Tcp)
            {
                pairing.Add((CapturePoint)side, packet.Key, packet.Segment, packet.TimeNs, packet.Frame);
            }

            analyzers[side].Process(ref packet);
            ReadNext(side);
            if (--countdown == 0)
            {
                countdown = 4096;
                if (cancellation.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        return statuses;

        void ReadNext(int side)
        {
            statuses[side] = readers[side].Read(out var raw);
            if (statuses[side] == ReadStatus.Packet)
            {
                DecodedPacket.Decode(raw, filter, ref decoded[side]);
                merged[side] = side == 0 ? raw.TimestampNs : raw.TimestampNs - coarse;
            }
        }
    }
}
