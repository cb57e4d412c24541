namespace PcapSurvival.Core.Decoding;

/// <summary>The decoded headers of one TCP packet: what the analysis needs, copied out of the packet bytes.</summary>
public struct TcpSegment
{
    public const int MaxSackBlocks = 4;

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

    /// <summary>Where the options are in the frame; they are read on demand by <see cref="PacketDecoder.ReadOptions"/>.</summary>
    public int OptionsOffset;
    public int OptionsLength;

    /// <summary>True once <see cref="PacketDecoder.ReadOptions"/> has filled in the option fields below.</summary>
    public bool OptionsRead;

    /// <summary>MSS option, 0 when absent.</summary>
    public ushort Mss;

    /// <summary>Window scale option (shift count, at most 14), -1 when absent.</summary>
    public sbyte WindowScale;

    public bool SackPermitted;
    public bool HasTimestamps;
    public uint TimestampValue;
    public uint TimestampEcho;
    public byte SackBlockCount;
    public SackBlocks Sack;

    public readonly bool Has(TcpFlags flag) => (Flags & flag) != 0;

    public readonly uint SackLeft(int block) => Sack[2 * block];

    public readonly uint SackRight(int block) => Sack[(2 * block) + 1];
}
