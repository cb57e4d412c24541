using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pairing;

/// <summary>
/// Matches the segments of two captures of the same traffic, fed side by side in time order (B's times moved by a
/// first estimate of the offset). Each segment waits a window for its copy at the other point; when it leaves the
/// window it is settled in the order it was first seen: matched (a one-way delay), or seen at one point only, and
/// then lost between the points, missed by a capture, or sent from between them (see <see cref="PathLossKind"/>).
/// Connections are paired by their first matched segment, whose fingerprint leaves out addresses and ports, so
/// pairs are found across a NAT. Nothing is allocated per packet once the window's ring has grown.
/// </summary>
internal sealed class SegmentPairing
{
    private const int MaxUnpairedKept = 64;
    private readonly PointFlows[] _flows = [new(), new()];
    private readonly PendingSegments _pending = new();
    private readonly List<ConnectionPair> _pairs = [];
    private readonly IPairSink _sink;
    private readonly long _coarseOffsetNs;
    private readonly long _windowNs;
    private readonly long _minOutageNs;
    private readonly Dictionary<(int Point, int Flow), List<PendingSegment>> _unpaired = [];
    private readonly long[] _firstMergedNs = [long.MaxValue, long.MaxValue];
    private readonly long[] _lastMergedNs = [long.MinValue, long.MinValue];
    private long _latestMergedNs = long.MinValue;

    public SegmentPairing(long coarseOffsetNs, PairingOptions options, IPairSink sink)
    {
        _coarseOffsetNs = coarseOffsetNs;
        _windowNs = options.Window.Ticks * 100;
        _minOutageNs = options.MinOutage.Ticks * 100;
        _sink = sink;
    }

    public long SegmentsOfUnmatchedConnections { get; private set; }

    /// <summary>Segments seen at one point while the other was not capturing (before its first packet or after its last).</summary>
    public long SegmentsOutsideTheOtherCapture { get; private set; }

    public IReadOnlyList<ConnectionPair> Pairs => _pairs;

    /// <summary>A segment seen at <paramref name="point"/>; calls come in merged time order.</summary>
    public void Add(CapturePoint point, in FlowKey key, in TcpSegment segment, long timeNs, long frame)
    {
        long merged = point == CapturePoint.A ? timeNs : timeNs - _coarseOffsetNs;
        _latestMergedNs = Math.Max(_latestMergedNs, merged);
        int p = (int)point;
        _firstMergedNs[p] = Math.Min(_firstMergedNs[p], merged);
        _lastMergedNs[p] = Math.Max(_lastMergedNs[p], merged);
        var flows = _flows[(int)point];
        int flow = flows.Find(key, segment, timeNs, frame, out int direction);
        var print = SegmentFingerprint.Of(segment);
        var other = point == CapturePoint.A ? CapturePoint.B : CapturePoint.A;
        if (_pending.TryTake(other, print, out long id))
        {
            ref var first = ref _pending[id];
            first.Matched = true;
            first.OtherTimeNs = timeNs;
            first.OtherFlow = flow;
            first.OtherDirection = (byte)direction;
            Link(ref first);
        }
        else
        {
            ref var entry = ref _pending.Add(point, print);
            entry.TimeNs = timeNs;
            entry.MergedNs = merged;
            entry.Frame = frame;
            entry.Flow = flow;
            entry.Direction = (byte)direction;
            entry.Sequence = segment.Sequence;
            entry.Acknowledgment = segment.Acknowledgment;
            entry.Length = segment.PayloadLength;
            entry.Flags = segment.Flags;
            entry.IpId = segment.IpId;
        }

        SettleOlderThan(_latestMergedNs - _windowNs);
    }

    /// <summary>Settles everything still waiting, closes the open loss runs, estimates the offset and fills in the pairs' totals.</summary>
    public ClockOffsetEstimate Complete()
    {
        SettleOlderThan(long.MaxValue);
        foreach (var kept in _unpaired.Values)
        {
            SegmentsOfUnmatchedConnections += kept.Count;
        }

        _unpaired.Clear();
        var offset = EstimateOffset();
        foreach (var pair in _pairs)
        {
            pair.PacketsAtA = _flows[0][pair.FlowA].Packets;
            pair.PacketsAtB = _flows[1][pair.FlowB].Packets;
            CloseRun(pair, true, null);
            CloseRun(pair, false, null);
            FillDelays(pair.ClientToServer, offset.OffsetNs);
            FillDelays(pair.ServerToClient, offset.OffsetNs);
        }

        return offset;
    }

    /// <summary>The offset's bounds from every direction seen at both points (see <see cref="ClockOffsetEstimate"/>).</summary>
    private ClockOffsetEstimate EstimateOffset()
    {
        long? lower = null, upper = null;
        long matched = 0;
        foreach (var pair in _pairs)
        {
            foreach (var direction in (ReadOnlySpan<PathDirection>)[pair.ClientToServer, pair.ServerToClient])
            {
                matched += direction.Matched;
                if (direction.Matched == 0)
                {
                    continue;
                }

                if (direction.Upstream == CapturePoint.A)
                {
                    upper = Math.Min(upper ?? long.MaxValue, direction.MinDifferenceNs);
                }
                else
                {
                    lower = Math.Max(lower ?? long.MinValue, direction.MaxDifferenceNs);
                }
            }
        }

        return new ClockOffsetEstimate(lower, upper, _coarseOffsetNs, matched);
    }

    /// <summary>The connections only one point saw.</summary>
    public IEnumerable<UnmatchedConnection> Unmatched()
    {
        foreach (var point in new[] { CapturePoint.A, CapturePoint.B })
        {
            var flows = _flows[(int)point];
            for (int i = 0; i < flows.Count; i++)
            {
                ref var flow = ref flows[i];
                if (flow.Pair < 0)
                {
                    yield return new UnmatchedConnection(point, flow.InitiatorAddress, flow.InitiatorPort, flow.ResponderAddress,
                        flow.ResponderPort, flow.FirstSeenNs, flow.FirstFrame, flow.Packets, flow.SawSyn);
                }
            }
        }
    }

    /// <summary>Pairs the two flows of a matched segment, at their first match; a later contradiction is ignored.</summary>
    private void Link(ref PendingSegment first)
    {
        bool firstAtA = first.Point == CapturePoint.A;
        int flowA = firstAtA ? first.Flow : first.OtherFlow;
        int flowB = firstAtA ? first.OtherFlow : first.Flow;
        ref var a = ref _flows[0][flowA];
        ref var b = ref _flows[1][flowB];
        if (a.Pair >= 0 || b.Pair >= 0)
        {
            return;
        }

        int directionA = firstAtA ? first.Direction : first.OtherDirection;
        int directionB = firstAtA ? first.OtherDirection : first.Direction;
        int bOfClient = directionA == 0 ? directionB : 1 - directionB;
        var pair = new ConnectionPair(_pairs.Count + 1, flowA, flowB, bOfClient)
        {
            ClientAtA = a.InitiatorAddress, ClientPortAtA = a.InitiatorPort, ServerAtA = a.ResponderAddress, ServerPortAtA = a.ResponderPort,
            ClientAtB = bOfClient == 0 ? b.InitiatorAddress : b.ResponderAddress,
            ClientPortAtB = bOfClient == 0 ? b.InitiatorPort : b.ResponderPort,
            ServerAtB = bOfClient == 0 ? b.ResponderAddress : b.InitiatorAddress,
            ServerPortAtB = bOfClient == 0 ? b.ResponderPort : b.InitiatorPort,
            MatchedBySyn = (first.Flags & TcpFlags.Syn) != 0,
            FirstSeenAtANs = a.FirstSeenNs,
            FirstSeenAtBNs = b.FirstSeenNs,
            InitialSequence = a.SawSyn ? a.InitialSequence : null,
            FirstDifferenceNs = firstAtA ? first.OtherTimeNs - first.TimeNs : first.TimeNs - first.OtherTimeNs,
            FirstFromClient = directionA == 0,
        };
        a.Pair = pair.Number - 1;
        b.Pair = pair.Number - 1;
        _pairs.Add(pair);
        SettleKept(CapturePoint.A, flowA);
        SettleKept(CapturePoint.B, flowB);
    }

    /// <summary>
    /// A segment of a connection not paired yet (its SYN lost between the points, say: the pair is found at the
    /// retransmitted SYN, a second later): kept, at most <see cref="MaxUnpairedKept"/> per connection, and settled
    /// once the pair is found; counted as a segment of an unmatched connection if it never is.
    /// </summary>
    private void KeepUntilPaired(in PendingSegment entry)
    {
        var key = ((int)entry.Point, entry.Flow);
        if (!_unpaired.TryGetValue(key, out var kept))
        {
            kept = [];
            _unpaired[key] = kept;
        }

        if (kept.Count < MaxUnpairedKept)
        {
            kept.Add(entry);
        }
        else
        {
            SegmentsOfUnmatchedConnections++;
        }
    }

    /// <summary>Settles what <see cref="KeepUntilPaired"/> kept of a flow just paired.</summary>
    private void SettleKept(CapturePoint point, int flow)
    {
        if (_unpaired.Remove(((int)point, flow), out var kept))
        {
            for (int i = 0; i < kept.Count; i++)
            {
                var entry = kept[i];
                Settle(ref entry);
            }
        }
    }

    private void SettleOlderThan(long beforeNs)
    {
        while (_pending.TryPeekOlderThan(beforeNs, out long id))
        {
            Settle(ref _pending[id]);
            _pending.RemoveOldest();
        }
    }

    private void Settle(ref PendingSegment entry)
    {
        ref var flow = ref _flows[(int)entry.Point][entry.Flow];
        if (flow.Pair < 0)
        {
            KeepUntilPaired(entry);
            return;
        }

        var pair = _pairs[flow.Pair];
        bool atA = entry.Point == CapturePoint.A;
        bool fromClient = atA ? entry.Direction == 0 : entry.Direction == pair.BDirectionOfClient;
        var direction = pair.Direction(fromClient);
        if (entry.Matched)
        {
            long difference = atA ? entry.OtherTimeNs - entry.TimeNs : entry.TimeNs - entry.OtherTimeNs;
            direction.AddDifference(difference);
            Orient(pair);
            NoteEnd(direction, entry);
            CloseRun(pair, fromClient, entry.Point == direction.Upstream ? entry.TimeNs : entry.OtherTimeNs);
            return;
        }

        // The other capture had not started or had already stopped (or its file was cut short): no verdict.
        int other = atA ? 1 : 0;
        if (entry.MergedNs < _firstMergedNs[other] || entry.MergedNs > _lastMergedNs[other])
        {
            SegmentsOutsideTheOtherCapture++;
            return;
        }

        var upstream = UpstreamOf(pair, fromClient);
        bool repeated = NoteEnd(direction, entry);
        bool retransmission = repeated && entry.Point == upstream;
        // A repeated copy of data the receiver already had is acknowledged whether it arrived or not: only a first
        // transmission acknowledged unseen shows a capture that dropped it.
        bool missedByCapture = !repeated && AcknowledgedUnseen(pair, entry, fromClient);
        PathLossKind kind = entry.Point == upstream
            ? missedByCapture ? PathLossKind.CaptureLossDownstream : PathLossKind.LostBetween
            : missedByCapture ? PathLossKind.CaptureLossUpstream : PathLossKind.SentBetween;

        direction.Count(kind);
        uint isn = flow.Direction(entry.Direction).FirstSequence;
        _sink.PathLoss(new PathLossRecord(pair, entry.Point, entry.TimeNs, entry.Frame, fromClient, kind, entry.Sequence - isn,
            entry.Length, entry.Flags, entry.IpId, retransmission));
        if (kind == PathLossKind.LostBetween)
        {
            var run = pair.Runs[fromClient ? 0 : 1];
            if (run.Lost == 0)
            {
                run.FirstNs = entry.TimeNs;
                run.Upstream = entry.Point;
                run.Retransmissions = 0;
            }

            run.Lost++;
            run.LastNs = entry.TimeNs;
            if (retransmission)
            {
                run.Retransmissions++;
            }
        }
    }

    /// <summary>
    /// Whether the receiver acknowledged the segment at the other point although that point never saw it (nor a copy
    /// starting at the same sequence number): the data got through, so the capture that lacks it dropped it.
    /// Only data, SYN and FIN can be acknowledged; a lone ACK lost by a capture is indistinguishable.
    /// </summary>
    private bool AcknowledgedUnseen(ConnectionPair pair, in PendingSegment entry, bool fromClient)
    {
        if (entry.End == entry.Sequence)
        {
            return false;
        }

        bool otherIsB = entry.Point == CapturePoint.A;
        ref var flow = ref _flows[otherIsB ? 1 : 0][otherIsB ? pair.FlowB : pair.FlowA];
        int senderDirection = otherIsB ? (fromClient ? pair.BDirectionOfClient : 1 - pair.BDirectionOfClient) : (fromClient ? 0 : 1);
        ref var receiver = ref flow.Direction(1 - senderDirection);
        ref var sender = ref flow.Direction(senderDirection);
        return receiver.HasAck && (int)(receiver.HighestAck - entry.End) >= 0 && !sender.SawRecently(entry.Sequence);
    }

    /// <summary>Notes a segment's end in its direction; true when it ends at or before what was sent before (a retransmission).</summary>
    private static bool NoteEnd(PathDirection direction, in PendingSegment entry)
    {
        uint end = entry.End;
        if (end == entry.Sequence)
        {
            return false;
        }

        if (direction.HasHighestEnd && (int)(end - direction.HighestEnd) <= 0)
        {
            return true;
        }

        direction.HighestEnd = end;
        direction.HasHighestEnd = true;
        return false;
    }

    /// <summary>
    /// Which point each direction passes first: the direction whose t_B - t_A is larger goes A→B (the offset cancels
    /// out); with one direction matched so far, its t_B - t_A against the first offset estimate.
    /// </summary>
    private void Orient(ConnectionPair pair)
    {
        var c2s = pair.ClientToServer;
        var s2c = pair.ServerToClient;
        bool clientSideIsA;
        if (c2s.Matched > 0 && s2c.Matched > 0)
        {
            clientSideIsA = c2s.SumDifferenceNs / c2s.Matched > s2c.SumDifferenceNs / s2c.Matched;
        }
        else if (c2s.Matched > 0)
        {
            clientSideIsA = c2s.SumDifferenceNs / c2s.Matched > _coarseOffsetNs;
        }
        else
        {
            clientSideIsA = s2c.SumDifferenceNs / s2c.Matched < _coarseOffsetNs;
        }

        c2s.Upstream = clientSideIsA ? CapturePoint.A : CapturePoint.B;
        s2c.Upstream = clientSideIsA ? CapturePoint.B : CapturePoint.A;
    }

    private CapturePoint UpstreamOf(ConnectionPair pair, bool fromClient)
    {
        if (pair.Direction(fromClient).Upstream is { } known)
        {
            return known;
        }

        // Nothing settled as matched yet: the pair's first match, against the first offset estimate.
        bool firstGoesAToB = pair.FirstDifferenceNs > _coarseOffsetNs;
        bool goesAToB = pair.FirstFromClient == fromClient ? firstGoesAToB : !firstGoesAToB;
        return goesAToB ? CapturePoint.A : CapturePoint.B;
    }

    /// <summary>Ends a direction's run of lost segments; a long enough one is an outage of the path.</summary>
    private void CloseRun(ConnectionPair pair, bool fromClient, long? throughAgainNs)
    {
        var run = pair.Runs[fromClient ? 0 : 1];
        if (run.Lost == 0)
        {
            return;
        }

        if (run.Lost >= 2 && run.LastNs - run.FirstNs >= _minOutageNs)
        {
            pair.AddOutage(new PathOutage(pair, fromClient, run.Upstream, run.FirstNs, run.LastNs, run.Lost, run.Retransmissions, throughAgainNs));
        }

        run.Lost = 0;
    }

    private static void FillDelays(PathDirection direction, long offsetNs)
    {
        if (direction.Matched == 0)
        {
            return;
        }

        // A→B: delay = t_B - t_A - offset; B→A: delay = offset - (t_B - t_A).
        bool aToB = direction.Upstream == CapturePoint.A;
        long low = aToB ? direction.MinDifferenceNs - offsetNs : offsetNs - direction.MaxDifferenceNs;
        long high = aToB ? direction.MaxDifferenceNs - offsetNs : offsetNs - direction.MinDifferenceNs;
        double mean = direction.SumDifferenceNs / direction.Matched;
        direction.MinDelayNs = low;
        direction.MaxDelayNs = high;
        direction.MeanDelayNs = (long)(aToB ? mean - offsetNs : offsetNs - mean);
    }
}
