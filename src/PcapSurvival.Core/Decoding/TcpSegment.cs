namespace PcapSurvival.Core.Decoding;

/// <summary>The decoded headers of one TCP packet: what the analysis needs, copied out of the packet bytes.</summary>
public struct TcpSegment
{
    public IpAddress Source;
    public IpAddress Destination;
    public ushort SourcePort;
    public ushort DestinationPort;
    public uint Sequence;
    public uint Acknowledgment;
    public TcpFlags Flags;

    /// <summary>The raw 16-bit window field, unscaled.</summary>
    public ushort Window;

    /// <summary>Payload bytes on the wire, from the IP header (right even when the capture was cut by the snap length).</summary>
    public int PayloadLength;

    public int HeaderLength;

    /// <summary>Offset of the payload in the frame and how many of its bytes were captured.</summary>
    public int PayloadOffset;
    public int CapturedPayloadLength;

    /// <summary>IPv4 identification field (0 for IPv6), used to recognise the same packet captured twice.</summary>
    public ushort IpId;

    /// <summary>
    /// Where a Linux "any" capture saw the packet (SLL's packet type; SLL2's interface and packet type), 0 when the
    /// link type does not say: a packet seen again at another point is a capture copy (<see cref="Tcp.CaptureCopyWatch"/>).
    /// </summary>
    public uint CapturePoint;

    /// <summary>
    /// Where the options are in the frame; they are read on demand by <see cref="PacketDecoder.ReadOptions"/>, into a
    /// <see cref="TcpOptions"/> of their own: a decoded segment crosses from the reading core to the analyzing one,
    /// and should be no bigger than the analysis needs.
    /// </summary>
    public int OptionsOffset;
    public int OptionsLength;

    /// <summary>
    /// Window scale announced in this SYN (shift count, at most 14); -1 when absent or not a SYN, the only packets
    /// whose options the analysis reads.
    /// </summary>
    public sbyte WindowScale;

    /// <summary>The SACK blocks of a segment that carries them (absolute edges), for the time-sequence graphs; 0 on a SYN.</summary>
    public byte SackBlockCount;
    public SackBlocks Sack;

    /// <summary>MSS option of this SYN, 0 when absent or not a SYN.</summary>
    public ushort SynMss;

    /// <summary>Which of <see cref="SackPermittedOption"/> and <see cref="TimestampsOption"/> this SYN carries.</summary>
    public byte SynOptions;

    public const byte SackPermittedOption = 1;
    public const byte TimestampsOption = 2;

    public readonly bool Has(TcpFlags flag) => (Flags & flag) != 0;
}
