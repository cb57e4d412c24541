namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Everything known about one direction of a connection: Wireshark's per-flow analysis state
/// (tcp_flow_t and tcp_analyze_seq_flow_info_t, with 0 meaning "unset" as there), plus what we count.
/// A struct held inside its <see cref="Connection"/> and used by reference, so a connection is one object
/// in memory rather than several: fewer cache misses per packet and less for the GC to move.
/// </summary>
public struct FlowState
{
    public FlowState()
    {
    }

    // Wireshark's analysis state, on raw (absolute) sequence numbers.
    internal uint BaseSeq;
    internal bool BaseSeqSet;
    internal uint NextSeq;
    internal long NextSeqTime;
    internal uint MaxSeqToBeAcked;
    internal uint LastAck;
    internal long LastAckTime;

    /// <summary>Raw window of this flow's last packet; starts at uint.MaxValue as in Wireshark.</summary>
    internal uint Window = uint.MaxValue;

    /// <summary>-1 unknown, -2 no scaling, 0..14 shift.</summary>
    internal sbyte WindowScale = -1;
    internal bool IsFirstAck;
    /// <summary>Unsigned as in Wireshark: its "-1" marker (an ACKed-unseen run) compares as a huge count.</summary>
    internal uint DupAckCount;
    internal long LastNonDupAckFrame;
    internal AnalysisFlags LastSegmentFlags;

    public long Packets { get; internal set; }

    /// <summary>TCP payload bytes sent, retransmissions included (as on the wire).</summary>
    public long PayloadBytes { get; internal set; }

    /// <summary>Payload bytes of the packets flagged as any kind of retransmission.</summary>
    public long RetransmittedBytes { get; internal set; }

    /// <summary>Second captures of packets already counted (tcpdump -i any on a router): neither analysed nor counted as sent.</summary>
    public long CaptureDuplicates { get; internal set; }

    internal CaptureCopyWatch CopyWatch;

    public bool SawSyn { get; internal set; }

    /// <summary>A segment with the ACK flag: for a client, proof that the server answered, seen or not.</summary>
    public bool SawAck { get; internal set; }

    public bool SawFin { get; internal set; }

    public bool SawRst { get; internal set; }

    /// <summary>Unacknowledged data this flow has sent, for outage start times and retransmission delays.</summary>
    internal InFlightSegments InFlight;

    /// <summary>Back to a new flow's state, keeping the in-flight ring's storage.</summary>
    internal void Reset()
    {
        var inFlight = InFlight;
        inFlight.Clear();
        this = new FlowState { InFlight = inFlight };
    }

    /// <summary>Sequence number relative to this flow's first one, as Wireshark displays it.</summary>
    public readonly uint RelativeSequence(uint raw) => raw - BaseSeq;
}
