using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// tcptrace's per-direction measures of a connection (RTT from data to its acknowledgment with Karn's rule,
/// handshake RTT, retransmitted bytes, idle time, negotiated options), built packet by packet without allocation.
/// </summary>
public sealed class ConnectionMeasures
{
    public DirectionMeasures Client = new();
    public DirectionMeasures Server = new();

    public void Reset()
    {
        Client = new DirectionMeasures();
        Server = new DirectionMeasures();
    }

    /// <summary>
    /// One segment, after the sequence analysis and before its data and acknowledgment are entered in the flows'
    /// in-flight rings (whose entries give the sending times).
    /// </summary>
    internal void Observe(bool fromClient, ref FlowState fwd, ref FlowState rev, in TcpSegment segment, long now)
    {
        ref var me = ref fromClient ? ref Client : ref Server;
        ref var other = ref fromClient ? ref Server : ref Client;
        if (me.Sent)
        {
            me.MaxIdleNs = Math.Max(me.MaxIdleNs, now - me.LastSentNs);
        }

        uint seq = segment.Sequence;
        uint dataEnd = seq + (uint)segment.PayloadLength;
        uint end = dataEnd + (segment.Has(TcpFlags.Syn) ? 1u : 0u) + (segment.Has(TcpFlags.Fin) ? 1u : 0u);
        if (segment.Has(TcpFlags.Syn))
        {
            if (me.SawSyn && seq + 1 == me.SynEnd)
            {
                fwd.InFlight.MarkRetransmitted(seq); // a repeated SYN: its answer is ambiguous
            }

            me.SawSyn = true;
            me.SynEnd = seq + 1;
            me.Mss = segment.SynMss;
            me.WindowScale = segment.WindowScale;
            me.SackPermitted = (segment.SynOptions & TcpSegment.SackPermittedOption) != 0;
            me.Timestamps = (segment.SynOptions & TcpSegment.TimestampsOption) != 0;
        }
        else if (end != seq && me.Sent && SequenceNumbers.LessThan(seq, me.MaxEnd))
        {
            // Data or a FIN sent again: Karn's rule excludes every segment it overlaps, the FIN included.
            uint resent = SequenceNumbers.LessThan(dataEnd, me.MaxEnd) ? dataEnd : me.MaxEnd;
            me.RetransmittedBytes += Math.Max(0, (int)(resent - seq));
            fwd.InFlight.MarkRetransmitted(seq);
        }

        if (!me.Sent || SequenceNumbers.GreaterThan(end, me.MaxEnd))
        {
            me.MaxEnd = end;
        }

        me.Sent = true;
        me.LastSentNs = now;
        if (segment.Has(TcpFlags.Ack) && rev.InFlight.TryGetRttSample(segment.Acknowledgment, out long sentNs))
        {
            if (other.SawSyn && segment.Acknowledgment == other.SynEnd)
            {
                other.HandshakeRttNs = now - sentNs; // tcptrace's "RTT from 3WHS", and one of its samples too
            }

            other.Rtt.Add(now - sentNs);
        }
    }
}
