using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting.Columns;

/// <summary>
/// The columns of connections.csv (and the connection objects of the JSON, and any other table writer) that come
/// after the original ones: Zeek's vocabulary, the Community ID, and tcptrace's per-direction measures. The one
/// list of their names, kinds and values: a writer iterates over it.
/// </summary>
public static class ConnectionColumns
{
    public static readonly ConnectionColumn[] All =
    [
        new("community_id", ColumnKind.Text, c => ColumnValue.Of(CommunityId.Of(c))),
        new("zeek_conn_state", ColumnKind.Text, c => ColumnValue.Of(c.Zeek.ConnState)),
        new("zeek_history", ColumnKind.Text, c => ColumnValue.Of(c.Zeek.History is { Length: > 0 } h ? h : null)),
        new("zeek_orig", ColumnKind.Text, c => ColumnValue.Of(c.Zeek.OriginatorIsClient ? "client" : "server")),
        .. Direction("c2s", c => c.Measures.Client, c => c.Client),
        .. Direction("s2c", c => c.Measures.Server, c => c.Server),
    ];

    public static IEnumerable<string> Names => All.Select(column => column.Name);

    private static ConnectionColumn[] Direction(string suffix, Func<Connection, DirectionMeasures> of, Func<Connection, FlowState> flow) =>
    [
        new($"rtt_samples_{suffix}", ColumnKind.Integer, c => ColumnValue.Of(of(c).Rtt.Count)),
        new($"rtt_min_ms_{suffix}", ColumnKind.Decimal, c => Rtt(of(c), r => r.MinNs)),
        new($"rtt_avg_ms_{suffix}", ColumnKind.Decimal, c => Rtt(of(c), r => r.AverageNs)),
        new($"rtt_max_ms_{suffix}", ColumnKind.Decimal, c => Rtt(of(c), r => r.MaxNs)),
        new($"rtt_stdev_ms_{suffix}", ColumnKind.Decimal, c => Rtt(of(c), r => r.StandardDeviationNs)),
        new($"handshake_rtt_ms_{suffix}", ColumnKind.Decimal,
            c => of(c).HandshakeRttNs < 0 ? ColumnValue.Null : ColumnValue.Of(of(c).HandshakeRttNs / 1e6, "0.000")),
        new($"retransmitted_bytes_{suffix}", ColumnKind.Integer, c => ColumnValue.Of(of(c).RetransmittedBytes)),
        new($"retransmitted_share_{suffix}", ColumnKind.Decimal,
            c => flow(c).PayloadBytes == 0 ? ColumnValue.Null : ColumnValue.Of((double)of(c).RetransmittedBytes / flow(c).PayloadBytes, "0.0000")),
        new($"throughput_bps_{suffix}", ColumnKind.Decimal, c => Throughput(c, of(c), flow(c))),
        new($"max_idle_s_{suffix}", ColumnKind.Decimal, c => ColumnValue.Of(of(c).MaxIdleNs / 1e9, "0.000000")),
        new($"mss_{suffix}", ColumnKind.Integer, c => of(c).Mss == 0 ? ColumnValue.Null : ColumnValue.Of(of(c).Mss)),
        new($"window_scale_{suffix}", ColumnKind.Integer,
            c => !of(c).SawSyn || of(c).WindowScale < 0 ? ColumnValue.Null : ColumnValue.Of(of(c).WindowScale)),
        new($"sack_permitted_{suffix}", ColumnKind.Boolean, c => of(c).SawSyn ? ColumnValue.Of(of(c).SackPermitted) : ColumnValue.Null),
        new($"timestamps_{suffix}", ColumnKind.Boolean, c => of(c).SawSyn ? ColumnValue.Of(of(c).Timestamps) : ColumnValue.Null),
    ];

    private static ColumnValue Rtt(in DirectionMeasures measures, Func<RttEstimator, double> value) =>
        measures.Rtt.Count == 0 ? ColumnValue.Null : ColumnValue.Of(value(measures.Rtt) / 1e6, "0.000");

    /// <summary>tcptrace's throughput: bytes sent once (retransmissions left out) over the connection's duration.</summary>
    private static ColumnValue Throughput(Connection c, in DirectionMeasures measures, in FlowState flow)
    {
        long durationNs = c.LastSeenNs - c.FirstSeenNs;
        return durationNs <= 0 ? ColumnValue.Null : ColumnValue.Of((flow.PayloadBytes - measures.RetransmittedBytes) / (durationNs / 1e9), "0");
    }
}

/// <summary>A column: its name, its kind and how a connection's value is found.</summary>
public sealed record ConnectionColumn(string Name, ColumnKind Kind, Func<Connection, ColumnValue> Value);
