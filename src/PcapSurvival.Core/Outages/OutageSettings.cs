namespace PcapSurvival.Core.Outages;

/// <summary>The knobs of outage detection and the give-up model (--min-outage, --retries2, --user-timeout).</summary>
public sealed record OutageSettings
{
    /// <summary>Stalls shorter than this are ordinary loss recovery: counted, not reported.</summary>
    public double MinOutageSeconds { get; init; } = 1.0;

    /// <summary>tcp_retries2 of the Linux give-up model.</summary>
    public int Retries2 { get; init; } = LinuxRetransmissionBudget.DefaultRetries2;

    /// <summary>TCP_USER_TIMEOUT in seconds; replaces the tcp_retries2 budget when set.</summary>
    public double? UserTimeoutSeconds { get; init; }

    public double BudgetSeconds => UserTimeoutSeconds ?? LinuxRetransmissionBudget.Seconds(Retries2);

    public long MinOutageNs => (long)(MinOutageSeconds * 1e9);
}
