namespace PcapSurvival.Core.Tcp;

/// <summary>Zeek's TCP endpoint states (TCP_ENDPOINT_*, in Zeek's order).</summary>
internal enum ZeekEndpointState : byte
{
    Inactive,
    SynSent,
    SynAckSent,
    Partial,
    Established,
    Closed,
    Reset,
}

/// <summary>
/// One side of a connection as Zeek's TCP analyzer follows it (TCP_Endpoint): its state and the sequence numbers
/// its history rules look at, on 32-bit sequence numbers (Zeek's wrap count is left out: see README, Zeek).
/// </summary>
internal struct ZeekEndpoint
{
    public ZeekEndpointState State;
    public ZeekEndpointState PrevState;
    public uint StartSeq;
    public uint LastSeq;
    public uint AckSeq;
    public long HistLastSyn;
    public long HistLastFin;
    public long HistLastRst;
    public long FinSeq;
    public int FinCount;
    public int RstCount;
    public uint RetransmitCount;
    public uint RetransmitThreshold;
    public uint ZeroWindowCount;
    public uint ZeroWindowThreshold;
    public uint GapCount;
    public uint GapThreshold;

    // The reassembler, reduced to one hole: data delivered in order up to Delivered (Zeek's last_reassem_seq),
    // data buffered from HoleEnd to BufferedEnd (0 when none), and the highest acknowledgment trimmed to.
    public long Delivered;
    public long HoleEnd;
    public long BufferedEnd;
    public long TrimmedTo;

    public static ZeekEndpoint New() => new()
    {
        RetransmitThreshold = 1, ZeroWindowThreshold = 1, GapThreshold = 1, Delivered = 1, TrimmedTo = 1,
    };

    public void SetState(ZeekEndpointState state)
    {
        PrevState = State;
        State = state;
    }

    /// <summary>Zeek's TCP_Endpoint::Size(): the bytes of sequence space used, without SYN and FIN.</summary>
    public readonly long Size(in ZeekEndpoint peer)
    {
        if (PrevState == ZeekEndpointState.SynSent && State == ZeekEndpointState.Reset && peer.State == ZeekEndpointState.Inactive
            && AckSeq - StartSeq > 1)
        {
            return 0;
        }

        uint last = SequenceNumbers.GreaterThan(AckSeq, LastSeq) ? AckSeq : LastSeq;
        long size = last - StartSeq;
        if (size != 0)
        {
            size--;
        }

        if (FinCount > 0 && size != 0)
        {
            size--;
        }

        return size;
    }
}
