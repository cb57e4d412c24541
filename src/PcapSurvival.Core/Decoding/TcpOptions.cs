namespace PcapSurvival.Core.Decoding;

/// <summary>The options of one TCP header, as <see cref="PacketDecoder.ReadOptions"/> reads them.</summary>
public struct TcpOptions
{
    public const int MaxSackBlocks = 4;

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

    public readonly uint SackLeft(int block) => Sack[2 * block];

    public readonly uint SackRight(int block) => Sack[(2 * block) + 1];
}
