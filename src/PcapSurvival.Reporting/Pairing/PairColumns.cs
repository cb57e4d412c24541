using PcapSurvival.Core.Pairing;
using PcapSurvival.Reporting.Tables;

namespace PcapSurvival.Reporting.Pairing;

/// <summary>The columns of the pair tables after <c>file</c> (A's file; <c>file_b</c> names B's), for CSV (and any other table format).</summary>
internal static class PairColumns
{
    public static readonly TableColumn<ConnectionPair>[] MatchedConnections =
    [
        new IntegerColumn<ConnectionPair>("pair", p => p.Number),
        new TextColumn<ConnectionPair>("client_a", p => p.ClientAtA.ToString()),
        new IntegerColumn<ConnectionPair>("client_port_a", p => p.ClientPortAtA),
        new TextColumn<ConnectionPair>("server_a", p => p.ServerAtA.ToString()),
        new IntegerColumn<ConnectionPair>("server_port_a", p => p.ServerPortAtA),
        new TextColumn<ConnectionPair>("client_b", p => p.ClientAtB.ToString()),
        new IntegerColumn<ConnectionPair>("client_port_b", p => p.ClientPortAtB),
        new TextColumn<ConnectionPair>("server_b", p => p.ServerAtB.ToString()),
        new IntegerColumn<ConnectionPair>("server_port_b", p => p.ServerPortAtB),
        new BooleanColumn<ConnectionPair>("translated", p => p.Translated),
        new TextColumn<ConnectionPair>("matched_by", p => p.MatchedBySyn ? "handshake" : "segments"),
        new TimestampColumn<ConnectionPair>("first_seen_a", p => p.FirstSeenAtANs),
        new TimestampColumn<ConnectionPair>("first_seen_b", p => p.FirstSeenAtBNs),
        new IntegerColumn<ConnectionPair>("packets_a", p => p.PacketsAtA),
        new IntegerColumn<ConnectionPair>("packets_b", p => p.PacketsAtB),
        .. DirectionColumns("c2s", p => p.ClientToServer),
        .. DirectionColumns("s2c", p => p.ServerToClient),
        new IntegerColumn<ConnectionPair>("path_outages", p => p.Outages.Count),
    ];

    public static readonly TableColumn<PathLossRow>[] PathLosses =
    [
        new TextColumn<PathLossRow>("point", r => PairNames.Point(r.Loss.SeenAt)),
        new IntegerColumn<PathLossRow>("frame", r => r.Loss.Frame),
        new TimestampColumn<PathLossRow>("time", r => r.Loss.TimeNs),
        new IntegerColumn<PathLossRow>("pair", r => r.Loss.Pair.Number),
        new TextColumn<PathLossRow>("direction", r => PairNames.Direction(r.Loss.FromClient)),
        new TextColumn<PathLossRow>("kind", r => PairNames.Kind(r.Loss.Kind)),
        new TextColumn<PathLossRow>("src", r => r.Source),
        new IntegerColumn<PathLossRow>("src_port", r => r.SourcePort),
        new TextColumn<PathLossRow>("dst", r => r.Destination),
        new IntegerColumn<PathLossRow>("dst_port", r => r.DestinationPort),
        new IntegerColumn<PathLossRow>("seq", r => r.Loss.RelativeSequence),
        new IntegerColumn<PathLossRow>("len", r => r.Loss.Length),
        new TextColumn<PathLossRow>("flags", r => TcpFlagText.Of(r.Loss.Flags)),
        new IntegerColumn<PathLossRow>("ip_id", r => r.Loss.IpId),
        new BooleanColumn<PathLossRow>("retransmission", r => r.Loss.Retransmission),
    ];

    public static readonly TableColumn<PathOutage>[] PathOutages =
    [
        new IntegerColumn<PathOutage>("pair", o => o.Pair.Number),
        new TextColumn<PathOutage>("direction", o => PairNames.Direction(o.FromClient)),
        new TextColumn<PathOutage>("upstream", o => PairNames.Point(o.Upstream)),
        new TimestampColumn<PathOutage>("first_lost", o => o.FirstLostNs),
        new TimestampColumn<PathOutage>("last_lost", o => o.LastLostNs),
        new DurationColumn<PathOutage>("duration_s", o => o.LastLostNs - o.FirstLostNs),
        new IntegerColumn<PathOutage>("lost", o => o.Lost),
        new IntegerColumn<PathOutage>("retransmissions", o => o.Retransmissions),
        new TimestampColumn<PathOutage>("through_again", o => o.ThroughAgainNs),
    ];

    public static readonly TableColumn<ClockOffsetEstimate>[] ClockOffset =
    [
        new DecimalColumn<ClockOffsetEstimate>("offset_s", o => o.OffsetNs / 1e9, "0.000000000"),
        new DecimalColumn<ClockOffsetEstimate>("uncertainty_s", o => o.UncertaintyNs / 1e9, "0.000000000"),
        new DecimalColumn<ClockOffsetEstimate>("lower_bound_s", o => o.LowerBoundNs / 1e9, "0.000000000"),
        new DecimalColumn<ClockOffsetEstimate>("upper_bound_s", o => o.UpperBoundNs / 1e9, "0.000000000"),
        new DecimalColumn<ClockOffsetEstimate>("coarse_offset_s", o => o.CoarseOffsetNs / 1e9, "0.000000000"),
        new IntegerColumn<ClockOffsetEstimate>("matched_segments", o => o.MatchedSegments),
        new BooleanColumn<ClockOffsetEstimate>("inconsistent", o => o.Inconsistent),
    ];

    private static TableColumn<ConnectionPair>[] DirectionColumns(string prefix, Func<ConnectionPair, PathDirection> of) =>
    [
        new TextColumn<ConnectionPair>($"{prefix}_upstream", p => PairNames.Point(of(p).Upstream)),
        new IntegerColumn<ConnectionPair>($"{prefix}_matched", p => of(p).Matched),
        new IntegerColumn<ConnectionPair>($"{prefix}_lost_between", p => of(p).LostBetween),
        new IntegerColumn<ConnectionPair>($"{prefix}_capture_loss_upstream", p => of(p).CaptureLossUpstream),
        new IntegerColumn<ConnectionPair>($"{prefix}_capture_loss_downstream", p => of(p).CaptureLossDownstream),
        new IntegerColumn<ConnectionPair>($"{prefix}_sent_between", p => of(p).SentBetween),
        new DecimalColumn<ConnectionPair>($"{prefix}_delay_min_ms", p => PairNames.Milliseconds(of(p).MinDelayNs), "0.000"),
        new DecimalColumn<ConnectionPair>($"{prefix}_delay_mean_ms", p => PairNames.Milliseconds(of(p).MeanDelayNs), "0.000"),
        new DecimalColumn<ConnectionPair>($"{prefix}_delay_max_ms", p => PairNames.Milliseconds(of(p).MaxDelayNs), "0.000"),
    ];
}
