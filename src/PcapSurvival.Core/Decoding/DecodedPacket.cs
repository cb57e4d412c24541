using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Decoding;

/// <summary>
/// A packet record after filtering and decoding: everything the analysis needs, without the packet's bytes, so
/// that reading and decoding can run ahead of the analysis on another core.
/// </summary>
public struct DecodedPacket
{
    private static readonly byte[] SshBanner = "SSH-"u8.ToArray();

    public long Frame;
    public long TimeNs;
    public DecodeOutcome Outcome;

    /// <summary>Left out by the -f filter: counted, not decoded.</summary>
    public bool Filtered;

    /// <summary>The payload starts with an SSH banner ("SSH-").</summary>
    public bool StartsWithSshBanner;
    public TcpSegment Segment;

    /// <summary>
    /// The hash of the connection's key, computed here so that the reading thread does this work, not the analysis.
    /// Only the hash: the key itself (another 56 bytes, the segment's addresses and ports again) is rebuilt from
    /// the segment where it is needed, which is cheaper than carrying it from one core to the other.
    /// </summary>
    public int KeyHash;

    /// <summary>The connection's key, for a TCP packet.</summary>
    public readonly FlowKey Key => FlowKey.Of(Segment, KeyHash);

    /// <summary>Filters and decodes <paramref name="packet"/> into <paramref name="decoded"/>.</summary>
    public static void Decode(in RawPacket packet, IPacketFilter? filter, ref DecodedPacket decoded)
    {
        decoded.Frame = packet.FrameNumber;
        decoded.TimeNs = packet.TimestampNs;
        decoded.Filtered = filter is not null && !filter.Matches(packet.LinkType, packet.Data, packet.OriginalLength);
        if (decoded.Filtered)
        {
            return;
        }

        ref var segment = ref decoded.Segment;
        decoded.Outcome = PacketDecoder.Decode(packet.LinkType, packet.Data, packet.OriginalLength, ref segment);
        decoded.StartsWithSshBanner = false;
        if (decoded.Outcome is DecodeOutcome.Tcp or DecodeOutcome.ShortTcpSegment)
        {
            decoded.KeyHash = FlowKey.HashOf(segment);
        }

        if (decoded.Outcome != DecodeOutcome.Tcp)
        {
            return;
        }

        // Options matter only in SYNs (window scaling to the analysis, the rest to the negotiated options' columns), and
        // SACK blocks to the graphs, read only from segments whose options can hold them (not Linux's usual NOP NOP
        // timestamps).
        if (segment.Has(TcpFlags.Syn))
        {
            var options = PacketDecoder.ReadOptions(packet.Data, segment);
            segment.WindowScale = options.WindowScale;
            segment.SynMss = options.Mss;
            segment.SynOptions = (byte)((options.SackPermitted ? TcpSegment.SackPermittedOption : 0) | (options.HasTimestamps ? TcpSegment.TimestampsOption : 0));
        }
        else
        {
            segment.WindowScale = -1;
            segment.SynMss = 0;
            segment.SynOptions = 0;
        }

        segment.SackBlockCount = 0;
        if (MayHoldSack(packet.Data, segment))
        {
            var options = PacketDecoder.ReadOptions(packet.Data, segment);
            segment.SackBlockCount = options.SackBlockCount;
            segment.Sack = options.Sack;
        }

        decoded.StartsWithSshBanner = segment.CapturedPayloadLength >= 4
            && packet.Data.Slice(segment.PayloadOffset, 4).SequenceEqual(SshBanner);
    }

    /// <summary>A SACK option (kind 5) is 10 bytes or more, after at most two NOPs; with timestamps, more than 12 bytes in all.</summary>
    private static bool MayHoldSack(ReadOnlySpan<byte> frame, in TcpSegment segment) =>
        !segment.Has(TcpFlags.Syn) && segment.OptionsLength >= 10
        && (segment.OptionsLength > 12 || frame[segment.OptionsOffset] == 5 || frame[segment.OptionsOffset + 2] == 5);
}
