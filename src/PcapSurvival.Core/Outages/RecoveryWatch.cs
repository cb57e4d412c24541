using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;
using static PcapSurvival.Core.Tcp.SequenceNumbers;

namespace PcapSurvival.Core.Outages;

/// <summary>
/// After a side's retransmission outage ended because the network came back, watches that side for signs that its
/// application had closed the socket during the outage. Linux cannot send a FIN while a retransmission is
/// outstanding (the congestion window is one segment after a timeout), so a FIN queued during the outage leaves
/// right when the recovering ACK arrives. And a closed socket answers the other side's new data with a RST instead
/// of an acknowledgement. A live application is recognised by the opposite: its side acknowledges new data.
/// </summary>
internal struct RecoveryWatch
{
    /// <summary>A queued FIN leaves within this long of the recovering ACK (longer when the round trip is longer).</summary>
    private const long QueuedFinWindowNs = 200_000_000;

    private Outage? _outage;
    private long _recoveredNs;
    private long _finWindowNs;
    private uint _ackAtRecovery;

    /// <summary>Starts watching the side that stalled in <paramref name="outage"/>, which just recovered.</summary>
    public void Start(Outage outage, in FlowState stalledSide, long now, long rttNs)
    {
        _outage = outage;
        _recoveredNs = now;
        _finWindowNs = Math.Max(QueuedFinWindowNs, 4 * Math.Max(rttNs, 0));
        _ackAtRecovery = stalledSide.LastAck;
    }

    /// <summary>One packet of the connection, after the outage tracker saw it.</summary>
    public void Observe(Connection connection, bool fromClient, in TcpSegment segment, long now)
    {
        if (_outage is not { } outage || fromClient != outage.ClientStalled)
        {
            return;
        }

        // A closed socket answers new data with a RST and acknowledges nothing: an acknowledgement is a sign of life.
        bool acceptedNewData = !segment.Has(TcpFlags.Rst) && segment.Has(TcpFlags.Ack) && GreaterThan(segment.Acknowledgment, _ackAtRecovery);
        bool queuedFin = segment.Has(TcpFlags.Fin) && now - _recoveredNs <= _finWindowNs;
        if (!acceptedNewData && (segment.Has(TcpFlags.Rst) || queuedFin))
        {
            outage.MarkLoss(ConnectionLoss.ApplicationClosed, fromClient, outage.StartNs, outage.NetworkBackByNs ?? outage.EndNs, connection.IsSsh);
            _outage = null;
        }
        else if (acceptedNewData || segment.Has(TcpFlags.Fin) || (segment.PayloadLength > 0 && now - _recoveredNs > _finWindowNs))
        {
            _outage = null; // the application was alive after the outage: whatever it does next is its own business
        }
    }
}
