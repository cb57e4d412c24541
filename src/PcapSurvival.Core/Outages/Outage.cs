namespace PcapSurvival.Core.Outages;

/// <summary>One interval during which a connection's traffic was not getting through.</summary>
public sealed class Outage
{
    /// <summary>Retransmission times kept per outage; the count goes on beyond it.</summary>
    public const int MaxRecordedRetransmissions = 64;

    private readonly List<long> _transmissions = [];

    internal Outage(OutageKind kind, bool clientStalled, long startNs, long startFrame)
    {
        Kind = kind;
        ClientStalled = clientStalled;
        StartNs = startNs;
        StartFrame = startFrame;
        _transmissions.Add(startNs);
    }

    public OutageKind Kind { get; }

    /// <summary>True when the client's traffic was the one stalled, false for the server's.</summary>
    public bool ClientStalled { get; }

    /// <summary>First transmission of the oldest unacknowledged segment (retransmission kind) or the last packet before the silence.</summary>
    public long StartNs { get; }

    public long StartFrame { get; }

    /// <summary>When the outage ended: for a sender that gave up, when its next retransmission was due, between packets.</summary>
    public long EndNs { get; internal set; }

    /// <summary>
    /// The packet that showed the outage had ended (the answer, the FIN or RST, or the last one of the capture), which
    /// for a sender that gave up comes after <see cref="EndNs"/>; <see cref="EndFrameNs"/> is its time.
    /// </summary>
    public long EndFrame { get; internal set; }

    /// <summary>The time of <see cref="EndFrame"/>, the moment the capture showed the end: outage_end events carry this pair.</summary>
    public long EndFrameNs { get; internal set; }

    public OutageEnding EndedBy { get; internal set; }

    public bool IsOpen { get; internal set; } = true;

    /// <summary>Retransmissions seen during the outage.</summary>
    public int Retransmissions { get; internal set; }

    /// <summary>The original transmission followed by the retransmissions (the first <see cref="MaxRecordedRetransmissions"/>).</summary>
    public IReadOnlyList<long> TransmissionTimes => _transmissions;

    /// <summary>The network must have come back after this time (the last unanswered transmission)...</summary>
    public long? NetworkBackAfterNs { get; internal set; }

    /// <summary>...and no later than this one (the transmission that got through).</summary>
    public long? NetworkBackByNs { get; internal set; }

    /// <summary>For a silence outage: the payload bytes that arrived right after it, the backlog.</summary>
    public long BacklogBytes { get; internal set; }

    /// <summary>For a silence that lasted until the capture ended: the bytes the stalled side had sent unacknowledged.</summary>
    public long OwedBytes { get; internal set; }

    /// <summary>
    /// For a silence that lasted until the capture ended: the capture saw no packet at all after this connection's
    /// last one, until it stopped (its own link was down), which decided it when nothing was owed.
    /// </summary>
    public bool CaptureSilent { get; internal set; }

    /// <summary>For a silence outage: the connection's usual spacing between packets before it.</summary>
    public long UsualSpacingNs { get; internal set; }

    /// <summary>The give-up budget the outage is measured against, in seconds (null for silence).</summary>
    public double? BudgetSeconds { get; internal set; }

    /// <summary>
    /// The stalled segment opened the connection, a SYN (client) or a SYN/ACK (server): Linux retries those
    /// tcp_syn_retries or tcp_synack_retries times from a 1 s timeout, not for tcp_retries2's time.
    /// </summary>
    public bool Handshake { get; internal set; }

    /// <summary>The retries setting the budget was computed from (unless it is the user timeout): see <see cref="BudgetSetting"/>.</summary>
    public int BudgetRetries { get; internal set; }

    /// <summary>The sysctl the budget follows: tcp_retries2, or tcp_syn_retries / tcp_synack_retries for a handshake.</summary>
    public string BudgetSetting => !Handshake ? "tcp_retries2" : ClientStalled ? "tcp_syn_retries" : "tcp_synack_retries";

    /// <summary>True when the budget is the --user-timeout (TCP_USER_TIMEOUT) rather than tcp_retries2's.</summary>
    public bool BudgetIsUserTimeout { get; internal set; }

    /// <summary>Share of the budget used, from the first retransmission (the first SYN for a handshake) to the end, in percent.</summary>
    public double? BudgetUsedPercent { get; internal set; }

    /// <summary>For a sender that gave up: the range of <see cref="BudgetSetting"/> values its behaviour matches.</summary>
    public (int Lowest, int Highest)? MatchingRetries { get; internal set; }

    /// <summary>What, beyond the network, ended the connection during or right after this outage.</summary>
    public ConnectionLoss Loss { get; internal set; }

    /// <summary>The side whose action <see cref="Loss"/> describes: the one that closed, or the one that had forgotten.</summary>
    public bool LossByClient { get; internal set; }

    /// <summary>For <see cref="ConnectionLoss.ApplicationClosed"/>: the close happened after this time...</summary>
    public long LossAfterNs { get; internal set; }

    /// <summary>...and by this one (exact when both are equal).</summary>
    public long LossByNs { get; internal set; }

    /// <summary>The connection was an SSH session when the loss was found (for the ServerAlive/ClientAlive wording).</summary>
    public bool LossInSsh { get; internal set; }

    public double DurationSeconds => (EndNs - StartNs) / 1e9;

    public long LastTransmissionNs => _transmissions[^1];

    /// <summary>The longest wait between two successive transmissions, counted over all of them (not only those recorded).</summary>
    public long LongestIntervalNs { get; private set; }

    /// <summary>Intervals between successive transmissions, in seconds: the sender's backoff.</summary>
    public IEnumerable<double> BackoffSeconds()
    {
        for (int i = 1; i < _transmissions.Count; i++)
        {
            yield return (_transmissions[i] - _transmissions[i - 1]) / 1e9;
        }
    }

    internal void MarkLoss(ConnectionLoss loss, bool byClient, long afterNs, long byNs, bool ssh)
    {
        if (Loss != ConnectionLoss.None)
        {
            return; // the first evidence stands
        }

        (Loss, LossByClient, LossAfterNs, LossByNs, LossInSsh) = (loss, byClient, afterNs, byNs, ssh);
    }

    /// <summary>Payload bytes of the retransmissions during the outage (kept apart from ordinary loss: see Verdicts.Degradation).</summary>
    public long RetransmittedBytes { get; private set; }

    internal void AddRetransmission(long timeNs, int payloadBytes = 0)
    {
        Retransmissions++;
        RetransmittedBytes += payloadBytes;
        LongestIntervalNs = Math.Max(LongestIntervalNs, timeNs - _transmissions[^1]);
        if (_transmissions.Count <= MaxRecordedRetransmissions)
        {
            _transmissions.Add(timeNs);
        }
        else
        {
            _transmissions[^1] = timeNs; // keep the latest so the end of the backoff series stays right
        }
    }
}
