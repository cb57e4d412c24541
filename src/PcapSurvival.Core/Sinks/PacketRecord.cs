using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Sinks;

/// <summary>
/// One analyzed TCP packet, as handed to the sinks. Sequence numbers are relative, as Wireshark shows them;
/// <see cref="RelativeTimeNs"/> counts from the file's first packet (frame.time_relative);
/// <see cref="Window"/> is the raw field and <see cref="WindowScaled"/> applies the handshake's scale factor when known.
/// </summary>
public readonly record struct PacketRecord(
    long Frame,
    long TimeNs,
    long RelativeTimeNs,
    Connection Connection,
    bool FromClient,
    TcpFlags Flags,
    uint RelativeSeq,
    uint RelativeAck,
    int PayloadLength,
    ushort Window,
    uint WindowScaled,
    AnalysisFlags Analysis,
    int DuplicateAckNumber)
{
    /// <summary>SACK blocks carried (at most <see cref="TcpOptions.MaxSackBlocks"/>), in <see cref="Sack"/>.</summary>
    public byte SackBlockCount { get; init; }

    /// <summary>Left and right edges of the SACK blocks, relative like <see cref="RelativeAck"/>.</summary>
    public SackBlocks Sack { get; init; }

    /// <summary>The SACK blocks of <paramref name="segment"/>, relative to <paramref name="baseSeq"/> (the acknowledged side's).</summary>
    public static SackBlocks RelativeSack(in TcpSegment segment, uint baseSeq)
    {
        var relative = default(SackBlocks);
        for (int i = 0; i < 2 * segment.SackBlockCount; i++)
        {
            relative[i] = segment.Sack[i] - baseSeq;
        }

        return relative;
    }
}
