using System.Globalization;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Text;

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

    /// <summary>connections.csv's columns after the counters, about how the verdict was reached (issue 16).</summary>
    public static readonly string[] VerdictColumns =
        ["sides_by", "reason", "loss", "caveat", "retransmitted_bytes", "retransmitted_share", "degraded"];

    /// <summary>The values of <see cref="VerdictColumns"/>: text, or a number or boolean as the flag says.</summary>
    public static IEnumerable<(string Column, string Value, bool Quoted)> VerdictValues(Connection c)
    {
        yield return ("sides_by", SideDecision.Name(c.SidesBy), true);
        yield return ("reason", VerdictReasons.Reason(c) ?? "", true);
        yield return ("loss", LossText.Name(Loss(c)), true);
        yield return ("caveat", CaptureCaveats.Name(CaptureCaveats.Of(c)), true);
        yield return ("retransmitted_bytes", Degradation.RetransmittedBytes(c).ToString(CultureInfo.InvariantCulture), false);
        yield return ("retransmitted_share", Degradation.Share(c).ToString("0.0000", CultureInfo.InvariantCulture), false);
        yield return ("degraded", Degradation.IsDegraded(c) ? "true" : "false", false);
    }

    /// <summary>How a connection that died was lost (application closed, peer forgot ...), or none.</summary>
    public static ConnectionLoss Loss(Connection c) =>
        c.Verdict == Verdict.Died ? c.Outages.FirstOrDefault(o => o.Loss != ConnectionLoss.None)?.Loss ?? ConnectionLoss.None : ConnectionLoss.None;

    public static string? HandshakeRttMilliseconds(Connection connection) =>
        connection.HandshakeRttNs < 0 ? null : (connection.HandshakeRttNs / 1e6).ToString("0.000", CultureInfo.InvariantCulture);
}
