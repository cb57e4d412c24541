using System.Globalization;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting;

/// <summary>Per-connection values shared by every output, so CSV, JSON and the report say the same thing.</summary>
public static class ConnectionFacts
{
    /// <summary>The flags behind connections.csv's counters, in column order (retransmissions … keep_alives).</summary>
    public static readonly AnalysisFlags[] CountedFlags =
    [
        AnalysisFlags.Retransmission, AnalysisFlags.FastRetransmission, AnalysisFlags.SpuriousRetransmission,
        AnalysisFlags.OutOfOrder, AnalysisFlags.LostSegment, AnalysisFlags.AckLostSegment, AnalysisFlags.DuplicateAck,
        AnalysisFlags.ZeroWindow, AnalysisFlags.KeepAlive,
    ];

    /// <summary>Counters added after the contract's columns (window_updates … reused_ports).</summary>
    public static readonly AnalysisFlags[] ExtraFlags =
    [
        AnalysisFlags.WindowUpdate, AnalysisFlags.WindowFull, AnalysisFlags.ZeroWindowProbe, AnalysisFlags.ReusedPorts,
    ];

    public static string Protocol(Connection connection) => connection.IsSsh ? "ssh" : "tcp";

    public static string? HandshakeRttMilliseconds(Connection connection) =>
        connection.HandshakeRttNs < 0 ? null : (connection.HandshakeRttNs / 1e6).ToString("0.000", CultureInfo.InvariantCulture);
}
