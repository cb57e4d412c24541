using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Pairing;

/// <summary>
/// One segment seen at one capture point, waiting a window's length for its copy at the other point. It stays in
/// the window after it is matched, so that every segment is settled in the order it was first seen.
/// </summary>
internal struct PendingSegment
{
    public SegmentFingerprint Print;
    public long TimeNs;
    public long MergedNs;
    public long Frame;
    public int Flow;
    public CapturePoint Point;
    public byte Direction;
    public bool Matched;
    public long OtherTimeNs;
    public int OtherFlow;
    public byte OtherDirection;
    public uint Sequence;
    public uint Acknowledgment;
    public int Length;
    public TcpFlags Flags;
    public ushort IpId;

    /// <summary>The next newer unmatched segment with the same fingerprint at the same point, or -1.</summary>
    public long NextSame;

    /// <summary>The sequence space this segment takes: its payload, plus one for a SYN or a FIN.</summary>
    public readonly uint End => Sequence + (uint)Length + ((Flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0 ? 1u : 0u);
}
