namespace PcapSurvival.Core.Outages;

/// <summary>
/// Why a stalled sender appears to have given up: its retransmission due at <see cref="DueNs"/> had not come by
/// <see cref="NowNs"/>. <see cref="Retries2"/> are the tcp_retries2 values whose budget ends between its last
/// retransmission and that due time (null for a handshake, or when none fits).
/// </summary>
public readonly record struct GiveUpSign(
    Outage Outage,
    long NowNs,
    long DueNs,
    long FirstRetransmissionNs,
    long LastRetransmissionNs,
    (int Lowest, int Highest)? Retries2);
