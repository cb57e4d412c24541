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

    /// <summary>Doublings before the backed-off RTO reaches its cap: floor(log2(120 / 0.2)) = 9.</summary>
    private const int Threshold = 9;

    /// <summary>The budget for a tcp_retries2 value: 924.6 s for the default 15.</summary>
    public static double Seconds(int retries2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retries2);
        return retries2 <= Threshold
            ? (Math.Pow(2, retries2 + 1) - 1) * RtoMinSeconds
            : ((Math.Pow(2, Threshold + 1) - 1) * RtoMinSeconds) + ((retries2 - Threshold) * RtoMaxSeconds);
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
