using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pairing;

/// <summary>
/// A connection as one capture point sees it. Direction 0 is from the initiator (the SYN's sender, or the first
/// sender when the capture has no handshake), 1 towards it. Besides the pairing it keeps, per direction, the highest
/// acknowledgment and the last few sequence numbers seen, which tell a capture that missed a packet from a packet
/// that never came by (<see cref="SegmentPairing"/>).
/// </summary>
internal struct PointFlow
{
    public FlowKey Key;
    public IpAddress InitiatorAddress;
    public ushort InitiatorPort;
    public IpAddress ResponderAddress;
    public ushort ResponderPort;
    public bool SawSyn;
    public uint InitialSequence;
    public int Pair;
    public long FirstSeenNs;
    public long FirstFrame;
    public long Packets;
    public DirectionMemory FromInitiator;
    public DirectionMemory FromResponder;

    [UnscopedRef]
    public ref DirectionMemory Direction(int direction)
    {
        if (direction == 0)
        {
            return ref FromInitiator;
        }

        return ref FromResponder;
    }
}

/// <summary>What one capture point saw of one direction of a connection, for telling capture loss apart.</summary>
internal struct DirectionMemory
{
    public const int RecentCount = 32;

    public uint HighestAck;
    public bool HasAck;

    /// <summary>The first sequence number seen in this direction (the ISN after a SYN): relative numbers count from it.</summary>
    public uint FirstSequence;
    public bool HasFirst;
    public int RecentNext;
    public RecentSequences Recent;
    public long RecentFilled;

    /// <summary>Notes a segment sent in this direction.</summary>
    public void Saw(in TcpSegment segment)
    {
        if (!HasFirst)
        {
            FirstSequence = segment.Sequence;
            HasFirst = true;
        }

        if (segment.Has(TcpFlags.Ack) && (!HasAck || (int)(segment.Acknowledgment - HighestAck) > 0))
        {
            HighestAck = segment.Acknowledgment;
            HasAck = true;
        }

        if (segment.PayloadLength > 0 || segment.Has(TcpFlags.Syn) || segment.Has(TcpFlags.Fin))
        {
            Recent[RecentNext] = segment.Sequence;
            RecentNext = (RecentNext + 1) % RecentCount;
            RecentFilled = Math.Min(RecentFilled + 1, RecentCount);
        }
    }

    /// <summary>Whether a segment starting at <paramref name="sequence"/> was among the last few seen here.</summary>
    public readonly bool SawRecently(uint sequence)
    {
        for (int i = 0; i < RecentFilled; i++)
        {
            if (Recent[i] == sequence)
            {
                return true;
            }
        }

        return false;
    }
}

[InlineArray(DirectionMemory.RecentCount)]
internal struct RecentSequences
{
    private uint _element;
}
