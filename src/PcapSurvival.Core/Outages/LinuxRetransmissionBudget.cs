namespace PcapSurvival.Core.Outages;

/// <summary>
/// How long Linux keeps retransmitting before it gives up on an established connection:
/// tcp_model_timeout() in net/ipv4/tcp_timer.c, counted from the first retransmission.
/// </summary>
public static class LinuxRetransmissionBudget
{
    public const double RtoMinSeconds = 0.2;
    public const double RtoMaxSeconds = 120;
    public const int DefaultRetries2 = 15;

    /// <summary>The first RTO of a connection attempt (TCP_TIMEOUT_INIT), the base of the handshake's backoff.</summary>
    public const double InitialRtoSeconds = 1;

    /// <summary>SYN retransmissions before a connection attempt fails (tcp_syn_retries).</summary>
    public const int DefaultSynRetries = 6;

    /// <summary>SYN/ACK retransmissions before a half-open connection is dropped (tcp_synack_retries).</summary>
    public const int DefaultSynAckRetries = 5;

    /// <summary>The budget for a tcp_retries2 value: 924.6 s for the default 15.</summary>
    public static double Seconds(int retries2) => ModelTimeout(retries2, RtoMinSeconds);

    /// <summary>
    /// How long a handshake is retried with <paramref name="retries"/> SYN (or SYN/ACK) retransmissions, from the first
    /// transmission: the retransmissions at 1, 3, 7... s and the last timeout, 127 s for tcp_syn_retries = 6.
    /// </summary>
    public static double HandshakeSeconds(int retries) => ModelTimeout(retries, InitialRtoSeconds);

    /// <summary>tcp_model_timeout(): doublings of <paramref name="rtoBase"/> up to the 120 s cap, then 120 s each.</summary>
    private static double ModelTimeout(int boundary, double rtoBase)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(boundary);
        int threshold = (int)Math.Floor(Math.Log2(RtoMaxSeconds / rtoBase)); // 9 for 200 ms, 6 for 1 s
        return boundary <= threshold
            ? (Math.Pow(2, boundary + 1) - 1) * rtoBase
            : ((Math.Pow(2, threshold + 1) - 1) * rtoBase) + ((boundary - threshold) * RtoMaxSeconds);
    }

    /// <summary>
    /// The tcp_retries2 values whose budget fits a sender that still retransmitted
    /// <paramref name="lastRetransmissionSeconds"/> after its first retransmission and had given up by
    /// <paramref name="gaveUpBySeconds"/>: Linux retransmits while the budget is not used up and gives up
    /// at the first timer expiry after it is. Returns the smallest and largest matching value, or null.
    /// </summary>
    public static (int Lowest, int Highest)? MatchingRetries2(double lastRetransmissionSeconds, double gaveUpBySeconds)
    {
        int? lowest = null;
        int highest = -1;
        for (int r = 0; r <= 30; r++)
        {
            double budget = Seconds(r);
            if (budget > lastRetransmissionSeconds && budget <= gaveUpBySeconds)
            {
                lowest ??= r;
                highest = r;
            }
        }

        return lowest is int l ? (l, highest) : null;
    }
}
