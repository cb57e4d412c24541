using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Reporting.Plot;

/// <summary>
/// One direction's data as a time-sequence graph draws it, kept while the capture streams by: the sender's segments
/// and marks, and the other side's ACKs, window and SACK blocks, which are in the sender's sequence space. Every list
/// is bounded (decimated or capped), so a connection costs at most a few tens of kilobytes however long it runs.
/// </summary>
internal sealed class DirectionTrace
{
    public const int MaxBars = 1200;
    public const int MaxAcks = 1200;
    public const int MaxRetransmissions = 1000;
    public const int MaxSacks = 400;
    public const int MaxEnds = 8;

    public DecimatingSeries<SegmentBar> Bars { get; } = new(MaxBars, static (a, b) =>
        new SegmentBar(a.TimeNs, Math.Min(a.SeqLow, b.SeqLow), Math.Max(a.SeqHigh, b.SeqHigh), a.Segments + b.Segments));

    // Merged ACKs keep the later one: the line is drawn as steps, and the latest state of a slot is what it shows.
    public DecimatingSeries<AckPoint> Acks { get; } = new(MaxAcks, static (_, b) => b);

    public CappedList<RetransmissionMark> Retransmissions { get; } = new(MaxRetransmissions);

    public CappedList<SackMark> Sacks { get; } = new(MaxSacks);

    public CappedList<EndMark> Ends { get; } = new(MaxEnds);

    /// <summary>A packet from this direction's sender.</summary>
    public void Sent(in PacketRecord packet)
    {
        bool syn = (packet.Flags & TcpFlags.Syn) != 0;
        bool fin = (packet.Flags & TcpFlags.Fin) != 0;
        uint length = (uint)packet.PayloadLength + (syn ? 1u : 0u);
        if (length > 0)
        {
            Bars.Add(new SegmentBar(packet.TimeNs, packet.RelativeSeq, packet.RelativeSeq + length, 1));
        }

        var any = packet.Analysis & AnalysisFlags.AnyRetransmission;
        if (any != 0)
        {
            var kind = (any & AnalysisFlags.SpuriousRetransmission) != 0 ? RetransmissionKind.Spurious
                : (any & AnalysisFlags.FastRetransmission) != 0 ? RetransmissionKind.Fast
                : RetransmissionKind.Timeout;
            Retransmissions.Add(new RetransmissionMark(packet.TimeNs, packet.RelativeSeq, packet.RelativeSeq + Math.Max(length, 1), kind));
        }

        if ((packet.Flags & TcpFlags.Rst) != 0 || fin)
        {
            Ends.Add(new EndMark(packet.TimeNs, packet.RelativeSeq + (uint)packet.PayloadLength, Reset: !fin));
        }
    }

    /// <summary>A packet from the other side: its ACK, window and SACK blocks are about this direction's data.</summary>
    public void Acknowledged(in PacketRecord packet)
    {
        if ((packet.Flags & TcpFlags.Ack) != 0)
        {
            var point = new AckPoint(packet.TimeNs, packet.RelativeAck, packet.RelativeAck + packet.WindowScaled);
            if (Acks.Last is not { } last || last.Ack != point.Ack || last.WindowEdge != point.WindowEdge)
            {
                Acks.Add(point);
            }
        }

        for (int i = 0; i < packet.SackBlockCount && i < TcpOptions.MaxSackBlocks; i++)
        {
            Sacks.Add(new SackMark(packet.TimeNs, packet.Sack[2 * i], packet.Sack[(2 * i) + 1]));
        }
    }
}
