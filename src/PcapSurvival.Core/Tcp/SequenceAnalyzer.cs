using PcapSurvival.Core.Decoding;
using static PcapSurvival.Core.Tcp.SequenceNumbers;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Wireshark's TCP sequence analysis, re-expressed from tshark 4.0's packet-tcp.c
/// (tcp_analyze_sequence_number and the bookkeeping around it in dissect_tcp): same checks, same
/// order, same thresholds, same early exits, so each packet gets the flags tshark would give it.
/// </summary>
internal static class SequenceAnalyzer
{
    /// <summary>A retransmission within this time of the receiver's last packet, after 2+ dup ACKs, is "fast".</summary>
    public const long FastRetransmissionWindowNs = 20_000_000;

    /// <summary>Out-of-order threshold when the handshake RTT is unknown.</summary>
    public const long DefaultOutOfOrderWindowNs = 3_000_000;

    /// <summary>Wireshark's dupacknum of -1 in a guint32: so the fast-retransmission test (>= 2) passes after it.</summary>
    private const uint AckedUnseenMarker = uint.MaxValue;

    private const TcpFlags SynFinRst = TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst;

    /// <summary>Classifies one packet of <paramref name="conversation"/> sent by <paramref name="fwd"/>.</summary>
    /// <param name="flags">Flags already decided before the analysis (reused ports).</param>
    /// <param name="dupAckNumber">For a duplicate ACK, its number (#1 is the first repeat).</param>
    public static AnalysisFlags Analyze(
        Connection conversation, ref FlowState fwd, ref FlowState rev, in TcpSegment segment,
        long frame, long now, AnalysisFlags flags, out int dupAckNumber)
    {
        uint seq = segment.Sequence;
        uint ack = segment.Acknowledgment;
        uint length = (uint)segment.PayloadLength;
        uint window = segment.Window;
        var tcpFlags = segment.Flags;
        bool noSynFinRst = (tcpFlags & SynFinRst) == 0;
        dupAckNumber = 0;

        // Relative numbering bases, set before the analysis in dissect_tcp.
        if (!fwd.BaseSeqSet)
        {
            fwd.BaseSeq = (tcpFlags & TcpFlags.Syn) != 0 ? seq : seq - 1;
            fwd.BaseSeqSet = true;
        }

        if (!rev.BaseSeqSet && (tcpFlags & TcpFlags.Ack) != 0)
        {
            rev.BaseSeq = ack - 1;
            rev.BaseSeqSet = true;
        }

        if (length == 1 && seq == fwd.NextSeq && rev.Window == 0)
        {
            flags |= AnalysisFlags.ZeroWindowProbe;
            goto FinishedForward;
        }

        if (window == 0 && noSynFinRst)
        {
            flags |= AnalysisFlags.ZeroWindow;
        }

        if (fwd.NextSeq != 0 && GreaterThan(seq, fwd.NextSeq) && (tcpFlags & TcpFlags.Rst) == 0)
        {
            flags |= AnalysisFlags.LostSegment;
        }

        if (length <= 1 && seq == fwd.NextSeq - 1 && noSynFinRst)
        {
            flags |= AnalysisFlags.KeepAlive;
        }

        bool repeatsLastAck = length == 0 && seq == fwd.NextSeq && ack == fwd.LastAck && noSynFinRst;
        if (repeatsLastAck && window != 0 && window != fwd.Window)
        {
            flags |= AnalysisFlags.WindowUpdate;
        }

        if (length > 0 && rev.WindowScale != -1 && noSynFinRst)
        {
            int shift = rev.IsFirstAck || rev.WindowScale == -2 ? 0 : rev.WindowScale;
            if (seq + length == rev.LastAck + (rev.Window << shift))
            {
                flags |= AnalysisFlags.WindowFull;
            }
        }

        if (repeatsLastAck && window != 0 && window == fwd.Window && (rev.LastSegmentFlags & AnalysisFlags.KeepAlive) != 0)
        {
            flags |= AnalysisFlags.KeepAliveAck;
            goto FinishedForward;
        }

        if (repeatsLastAck && window == 0 && window == fwd.Window && (rev.LastSegmentFlags & AnalysisFlags.ZeroWindowProbe) != 0)
        {
            flags |= AnalysisFlags.ZeroWindowProbeAck;
            goto FinishedForward;
        }

        if (repeatsLastAck && window != 0 && window == fwd.Window)
        {
            // -1 marks that an "ACKed unseen segment" was already reported for this run of ACKs.
            fwd.DupAckCount = fwd.DupAckCount == AckedUnseenMarker ? 1 : fwd.DupAckCount + 1;
            flags |= AnalysisFlags.DuplicateAck;
            dupAckNumber = (int)fwd.DupAckCount;
        }

    FinishedForward:
        if (ack != fwd.LastAck)
        {
            fwd.LastNonDupAckFrame = frame;
            fwd.DupAckCount = 0;
        }

        if (rev.MaxSeqToBeAcked != 0 && GreaterThan(ack, rev.MaxSeqToBeAcked) && (tcpFlags & TcpFlags.Ack) != 0)
        {
            if (LessThan(rev.MaxSeqToBeAcked, rev.NextSeq))
            {
                rev.MaxSeqToBeAcked = rev.NextSeq;
                flags |= AnalysisFlags.AckLostSegment;
            }
            else
            {
                if (rev.DupAckCount == 0)
                {
                    flags |= AnalysisFlags.AckLostSegment;
                }

                rev.DupAckCount = AckedUnseenMarker;
            }
        }

        uint synOrFin = (tcpFlags & (TcpFlags.Syn | TcpFlags.Fin)) != 0 ? 1u : 0u;
        if ((length > 0 || synOrFin != 0) && (flags & AnalysisFlags.KeepAlive) == 0)
        {
            flags |= ClassifyRetransmission(conversation, in fwd, in rev, seq, length, synOrFin, now);
        }

        uint end = seq + length + synOrFin;
        if ((GreaterThan(end, fwd.NextSeq) || fwd.NextSeq == 0) && (flags & AnalysisFlags.ZeroWindowProbe) == 0)
        {
            fwd.NextSeq = end;
            fwd.NextSeqTime = now;
        }

        if ((seq == fwd.MaxSeqToBeAcked || fwd.MaxSeqToBeAcked == 0) && (flags & AnalysisFlags.ZeroWindowProbe) == 0)
        {
            fwd.MaxSeqToBeAcked = fwd.NextSeq;
        }

        fwd.Window = window;
        fwd.LastAck = ack;
        fwd.LastAckTime = now;
        fwd.LastSegmentFlags = flags;

        UpdateHandshakeState(conversation, ref fwd, ref rev, segment, now);
        return flags;
    }

    /// <summary>The retransmission family (step 12): spurious, then fast, then out-of-order, then plain.</summary>
    private static AnalysisFlags ClassifyRetransmission(Connection conversation, in FlowState fwd, in FlowState rev, uint seq, uint length, uint synOrFin, long now)
    {
        bool notAdvanced = fwd.NextSeq != 0 && LessThan(seq, fwd.NextSeq);
        if (length > 1 && fwd.NextSeq - 1 == seq)
        {
            notAdvanced = false; // new data right after a keep-alive or probe byte
        }

        if (length > 0 && rev.LastAck != 0 && LessOrEqual(seq + length, rev.LastAck))
        {
            return AnalysisFlags.SpuriousRetransmission;
        }

        if (!notAdvanced)
        {
            return AnalysisFlags.None;
        }

        // Wireshark subtracts into an unsigned 64-bit value, so a time running backwards never counts as "soon".
        ulong sinceReverse = (ulong)(now - rev.LastAckTime);
        if (rev.DupAckCount >= 2 && rev.LastAck == seq && sinceReverse < FastRetransmissionWindowNs)
        {
            return AnalysisFlags.FastRetransmission;
        }

        ulong sinceHighest = (ulong)(now - fwd.NextSeqTime);
        ulong threshold = conversation.FirstRttNs == 0 ? DefaultOutOfOrderWindowNs : (ulong)conversation.FirstRttNs;
        if (sinceHighest < threshold && fwd.NextSeq != seq + length + synOrFin)
        {
            return AnalysisFlags.OutOfOrder;
        }

        return AnalysisFlags.Retransmission;
    }

    /// <summary>dissect_tcp's bookkeeping after the analysis: SYN times, iRTT, first ACK, window scaling.</summary>
    private static void UpdateHandshakeState(Connection conversation, ref FlowState fwd, ref FlowState rev, in TcpSegment segment, long now)
    {
        var synAck = segment.Flags & (TcpFlags.Syn | TcpFlags.Ack);
        if ((segment.Flags & TcpFlags.Syn) != 0)
        {
            if (synAck == TcpFlags.Syn)
            {
                conversation.MostRecentSynNs = now;
            }

            fwd.IsFirstAck = true;
        }

        if (synAck == TcpFlags.Ack)
        {
            if (conversation.MostRecentSynNs != 0 && conversation.FirstRttNs == 0)
            {
                conversation.FirstRttNs = now - conversation.MostRecentSynNs;
            }

            fwd.IsFirstAck = false;
        }

        // Options are dissected after the analysis: a window-scale option counts from the next packet on.
        if (segment.WindowScale >= 0)
        {
            fwd.WindowScale = segment.WindowScale;
        }

        if ((segment.Flags & TcpFlags.Syn) != 0)
        {
            if (fwd.WindowScale == -1)
            {
                fwd.WindowScale = -2;
                rev.WindowScale = -2;
            }
            else if (synAck == (TcpFlags.Syn | TcpFlags.Ack) && rev.WindowScale == -2)
            {
                fwd.WindowScale = -2;
            }
        }
    }
}
