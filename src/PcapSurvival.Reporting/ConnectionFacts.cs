using System.Globalization;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting;

/// <summary>Per-connection values shared by every output, so CSV, JSON and the report say the same thing.</summary>
public static class ConnectionFacts
{
    /// <summary>connections.csv's counters of the contract, in column order: the flag counted and the column's name.</summary>
    public static readonly (AnalysisFlags Flag, string Column)[] CountedColumns =
    [
        (AnalysisFlags.Retransmission, "retransmissions"), (AnalysisFlags.FastRetransmission, "fast_retransmissions"),
        (AnalysisFlags.SpuriousRetransmission, "spurious_retransmissions"), (AnalysisFlags.OutOfOrder, "out_of_order"),
        (AnalysisFlags.LostSegment, "lost_segments"), (AnalysisFlags.AckLostSegment, "acked_unseen"),
        (AnalysisFlags.DuplicateAck, "duplicate_acks"), (AnalysisFlags.ZeroWindow, "zero_windows"),
        (AnalysisFlags.KeepAlive, "keep_alives"),
    ];

    /// <summary>Counters added after the contract's columns.</summary>
    public static readonly (AnalysisFlags Flag, string Column)[] ExtraColumns =
    [
        (AnalysisFlags.WindowUpdate, "window_updates"), (AnalysisFlags.WindowFull, "window_full"),
        (AnalysisFlags.ZeroWindowProbe, "zero_window_probes"), (AnalysisFlags.ReusedPorts, "reused_ports"),
    ];

    public static string Protocol(Connection connection) => connection.IsSsh ? "ssh" : "tcp";

    public static string? HandshakeRttMilliseconds(Connection connection) =>
        connection.HandshakeRttNs < 0 ? null : (connection.HandshakeRttNs / 1e6).ToString("0.000", CultureInfo.InvariantCulture);
}
