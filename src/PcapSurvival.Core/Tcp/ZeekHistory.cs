using System.Runtime.CompilerServices;
using System.Text;
using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Zeek's view of one connection: which side it calls the originator, each side's TCP state, and the history
/// string of conn.log (ShADadFf...), computed packet by packet with the rules of Zeek's TCP analyzer
/// (packet_analysis/protocol/tcp/TCPSessionAdapter.cc, analyzer/protocol/tcp/TCP_Endpoint.cc, session/Session.cc).
/// One object per connection, reused with it; nothing is allocated per packet.
/// </summary>
public sealed class ZeekHistory
{
    /// <summary>History letters kept; Zeek has no bound, but beyond this only repeated SYNs, FINs and RSTs add any.</summary>
    public const int MaxLength = 48;

    // Zeek's hist_seen bits (TCP_Endpoint::HIST_*); the responder's are shifted left by 16.
    private const uint SynBit = 0x1, FinBit = 0x2, RstBit = 0x4, FinRstBit = 0x8, DataBit = 0x10, AckBit = 0x20, MultiFlagBit = 0x40;

    // Sequence deltas beyond this are not trusted for SYNs and RSTs (Zeek's TOO_LARGE_SEQ_DELTA).
    private const int TooLargeSeqDelta = 1048576;

    private ZeekEndpoint _orig;
    private ZeekEndpoint _resp;
    private HistoryLetters _letters;
    private int _length;
    private uint _seen;
    private bool _started;
    private bool _isPartial;
    private byte _firstPacketSeen; // 1: originator, 2: responder

    /// <summary>Whether Zeek's originator is our client (it is not when Zeek flipped the roles differently).</summary>
    public bool OriginatorIsClient { get; private set; }

    /// <summary>The history string as conn.log shows it ("-" when empty is the writer's business).</summary>
    public string History => Encoding.ASCII.GetString(((ReadOnlySpan<byte>)_letters)[.._length]);

    /// <summary>Zeek's conn_state of the connection as it stands.</summary>
    public string ConnState => ZeekConnState.Of(_orig, _resp, ((ReadOnlySpan<byte>)_letters)[.._length]);

    internal ref readonly ZeekEndpoint Originator => ref _orig;

    internal ref readonly ZeekEndpoint Responder => ref _resp;

    /// <summary>Back to a connection that has seen nothing.</summary>
    public void Reset()
    {
        _orig = ZeekEndpoint.New();
        _resp = ZeekEndpoint.New();
        _letters = default; // a recycled connection keeps nothing of the last one, not even unused letters
        _length = 0;
        _seen = 0;
        _started = false;
        _isPartial = false;
        _firstPacketSeen = 0;
        OriginatorIsClient = true;
    }

    public ZeekHistory() => Reset();

    /// <summary>One TCP segment of the connection, in capture order (Zeek's TCPSessionAdapter::Process).</summary>
    /// <param name="likelyServerPorts">Zeek's likely_server_ports, indexed by port; decides the first packet's roles.</param>
    public void Observe(bool fromClient, in TcpSegment segment, ReadOnlySpan<bool> likelyServerPorts)
    {
        var flags = segment.Flags;
        bool syn = (flags & TcpFlags.Syn) != 0, fin = (flags & TcpFlags.Fin) != 0, rst = (flags & TcpFlags.Rst) != 0, ack = (flags & TcpFlags.Ack) != 0;
        if (!_started)
        {
            _started = true;
            OriginatorIsClient = fromClient;
            if (WantsFlip(segment, likelyServerPorts))
            {
                Flip();
            }
        }

        bool isOrig = fromClient == OriginatorIsClient;
        int me = isOrig ? 0 : 1; // follows the endpoint when the roles flip under us, as Zeek's pointer does
        int len = segment.PayloadLength;
        uint seq = segment.Sequence;
        uint ackSeq = segment.Acknowledgment;
        SetPartialStatus(syn, ack, isOrig);
        int segLength = len + (syn ? 1 : 0) + (fin ? 1 : 0) - (rst ? len : 0);
        uint lastSeq = seq + (uint)segLength;
        InitEndpoint(ref Endpoint(me), syn, seq, lastSeq);

        int relative = (int)(seq - Endpoint(me).StartSeq);
        bool underflow = relative < 0;
        long relSeq = relative;
        UpdateHistory(ref me, syn, fin, rst, ack, relSeq, len);

        ref var endpoint = ref Endpoint(me);
        ref var peer = ref Endpoint(1 - me);
        if (segment.Window == 0 && !rst && peer.State != ZeekEndpointState.Closed && endpoint.State != ZeekEndpointState.Reset)
        {
            Scaled(me, 'W', ref endpoint.ZeroWindowCount, ref endpoint.ZeroWindowThreshold);
        }

        if (fin)
        {
            endpoint.FinCount++;
            endpoint.FinSeq = relSeq + segLength;
        }

        if (rst)
        {
            endpoint.RstCount++;
        }

        long relAck = 0;
        if (ack)
        {
            if (peer.State == ZeekEndpointState.Inactive)
            {
                relAck = 1;
                peer.StartSeq = peer.AckSeq = peer.LastSeq = ackSeq - 1;
            }
            else
            {
                int delta = (int)(ackSeq - peer.StartSeq);
                int deltaAck = (int)(ackSeq - peer.AckSeq);
                relAck = delta < 0 ? 0 : delta;
                if (delta >= 0 && !rst && deltaAck > 0 && !(ackSeq == 0 && deltaAck > TooLargeSeqDelta))
                {
                    peer.AckSeq = ackSeq; // acknowledgments in RSTs are not trusted
                }
            }
        }

        int deltaLast = UpdateLastSeq(me, lastSeq, syn, fin, rst, len);
        UpdateStateMachine(ref me, isOrig, seq, ackSeq, len, deltaLast, syn, fin, rst, ack);
        if (ack)
        {
            AckReceived(1 - me, relAck);
        }

        if (len > 0 && !rst && !underflow && segment.CapturedPayloadLength >= len)
        {
            // Data cut by the snap length never reaches Zeek's reassembler: its acknowledgment is a gap.
            DataSent(ref Endpoint(me), syn ? relSeq + 1 : relSeq, len);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ZeekEndpoint Endpoint(int slot) => ref slot == 0 ? ref _orig : ref _resp;

    /// <summary>TCPAnalyzer::WantConnection: a connection picked up without a SYN may start with the roles flipped.</summary>
    private static bool WantsFlip(in TcpSegment segment, ReadOnlySpan<bool> likelyServerPorts)
    {
        var synAck = segment.Flags & (TcpFlags.Syn | TcpFlags.Ack);
        if (synAck == TcpFlags.Syn || !likelyServerPorts[segment.SourcePort])
        {
            return false;
        }

        // Both plausible: flip only if this is not a SYN/ACK (stealth scans) and the destination port is higher.
        return !likelyServerPorts[segment.DestinationPort]
            || ((segment.Flags & TcpFlags.Syn) == 0 && segment.SourcePort < segment.DestinationPort);
    }

    private void SetPartialStatus(bool syn, bool ack, bool isOrig)
    {
        if (isOrig)
        {
            if ((_firstPacketSeen & 1) == 0)
            {
                _isPartial = !syn || ack;
            }
        }
        else if ((_firstPacketSeen & 2) == 0 && !_isPartial)
        {
            _isPartial = !syn;
        }
    }

    private static void InitEndpoint(ref ZeekEndpoint endpoint, bool syn, uint seq, uint lastSeq)
    {
        switch (endpoint.State)
        {
            case ZeekEndpointState.Inactive:
                endpoint.StartSeq = endpoint.AckSeq = syn ? seq : seq - 1;
                endpoint.LastSeq = syn ? lastSeq : seq; // a partial connection's first packet is not a retransmission
                break;
            case ZeekEndpointState.SynSent or ZeekEndpointState.SynAckSent
                or ZeekEndpointState.Established or ZeekEndpointState.Partial when syn && seq != endpoint.StartSeq:
            case ZeekEndpointState.Established or ZeekEndpointState.Partial when syn:
            case ZeekEndpointState.Reset when syn && endpoint.PrevState == ZeekEndpointState.Inactive:
                endpoint.StartSeq = endpoint.AckSeq = seq;
                endpoint.LastSeq = lastSeq;
                break;
        }
    }

    /// <summary>update_history: the letters for the segment's flags, payload and the sequence numbers of repeats.</summary>
    private void UpdateHistory(ref int me, bool syn, bool fin, bool rst, bool ack, long relSeq, int len)
    {
        int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (bits > 1)
        {
            CheckHistory(ref me, fin && rst ? FinRstBit : MultiFlagBit, fin && rst ? 'I' : 'Q');
        }
        else if (bits == 1)
        {
            if (syn)
            {
                char code = ack ? 'H' : 'S';
                if (CheckHistory(ref me, SynBit, code) && relSeq != Endpoint(me).HistLastSyn)
                {
                    Add(me, code);
                }

                Endpoint(me).HistLastSyn = relSeq;
            }

            if (fin)
            {
                if (CheckHistory(ref me, FinBit, 'F') && relSeq + len != Endpoint(me).HistLastFin)
                {
                    Add(me, 'F');
                }

                Endpoint(me).HistLastFin = relSeq + len;
            }

            if (rst)
            {
                if (CheckHistory(ref me, RstBit, 'R') && relSeq != Endpoint(me).HistLastRst)
                {
                    Add(me, 'R');
                }

                Endpoint(me).HistLastRst = relSeq;
            }
        }
        else if (len > 0)
        {
            CheckHistory(ref me, DataBit, 'D');
        }
        else if (ack)
        {
            CheckHistory(ref me, AckBit, 'A');
        }
    }

    /// <summary>TCP_Endpoint::CheckHistory: adds the letter the first time; true when it had been seen.</summary>
    private bool CheckHistory(ref int me, uint mask, char code)
    {
        if (code is 'A' or 'D' && _length == 1 && _letters[0] == (byte)'H')
        {
            // Began with a SYN/ACK and now shows productive traffic: Zeek flips and pretends it saw the SYN.
            Flip();
            me = 1 - me;
            _letters[0] = (byte)'^';
            _letters[1] = (byte)'h';
            _length = 2;
            _firstPacketSeen |= 1;
        }

        if (me != 0)
        {
            mask <<= 16;
        }

        if ((_seen & mask) != 0)
        {
            return true;
        }

        _seen |= mask;
        Add(me, code);
        return false;
    }

    private void Add(int slot, char code) => Append(slot == 0 ? code : char.ToLowerInvariant(code));

    private void Append(char letter)
    {
        if (_length < MaxLength)
        {
            _letters[_length++] = (byte)letter;
        }
    }

    /// <summary>Session::ScaledHistoryEntry: the letter again at the 1st, 10th, 100th... occurrence.</summary>
    private void Scaled(int slot, char code, ref uint counter, ref uint threshold)
    {
        if (++counter != threshold)
        {
            return;
        }

        Add(slot, code);
        uint next = threshold * 10;
        if (next <= threshold)
        {
            counter = 0;
        }
        else
        {
            threshold = next;
        }
    }

    /// <summary>Connection::FlipRoles: the endpoints swap and '^' is written.</summary>
    private void Flip()
    {
        (_orig, _resp) = (_resp, _orig);
        OriginatorIsClient = !OriginatorIsClient;
        _firstPacketSeen = (byte)(((_firstPacketSeen & 1) << 1) | ((_firstPacketSeen & 2) >> 1));
        _isPartial = false;
        Append('^');
    }

    private int UpdateLastSeq(int me, uint lastSeq, bool syn, bool fin, bool rst, int len)
    {
        ref var endpoint = ref Endpoint(me);
        int delta = (int)(lastSeq - endpoint.LastSeq);
        if ((syn || rst) && (delta > TooLargeSeqDelta || delta < -TooLargeSeqDelta))
        {
            // not trusted
        }
        else if (fin && endpoint.LastSeq == endpoint.StartSeq + 1)
        {
            endpoint.LastSeq = lastSeq;
        }
        else if (endpoint.State == ZeekEndpointState.Reset)
        {
            // nothing after a reset is trusted
        }
        else if (delta > 0)
        {
            endpoint.LastSeq = lastSeq;
        }
        else if (len > 0)
        {
            Scaled(me, 'T', ref endpoint.RetransmitCount, ref endpoint.RetransmitThreshold);
        }

        return delta;
    }

    private void UpdateStateMachine(ref int me, bool isOrig, uint seq, uint ackSeq, int len, int deltaLast, bool syn, bool fin, bool rst, bool ack)
    {
        switch (Endpoint(me).State)
        {
            case ZeekEndpointState.Inactive:
                UpdateInactive(ref me, isOrig, seq, ackSeq, len, syn, fin, rst, ack);
                break;
            case ZeekEndpointState.SynSent or ZeekEndpointState.SynAckSent:
                if (fin)
                {
                    Endpoint(me).SetState(ZeekEndpointState.Closed);
                }

                if (rst)
                {
                    Endpoint(me).SetState(ZeekEndpointState.Reset);
                }

                break;
            case ZeekEndpointState.Established or ZeekEndpointState.Partial:
                UpdateEstablished(me, syn, fin, rst, ack);
                break;
            case ZeekEndpointState.Closed:
                if (rst && Endpoint(1 - me).State != ZeekEndpointState.Closed)
                {
                    Endpoint(me).SetState(ZeekEndpointState.Reset);
                }

                break;
        }

        _ = deltaLast;
    }

    private void UpdateInactive(ref int me, bool isOrig, uint seq, uint ackSeq, int len, bool syn, bool fin, bool rst, bool ack)
    {
        if (syn)
        {
            if (isOrig)
            {
                Endpoint(me).SetState(ack ? ZeekEndpointState.SynAckSent : ZeekEndpointState.SynSent);
            }
            else
            {
                if (!ack && Endpoint(1 - me).State == ZeekEndpointState.SynAckSent && seq == Endpoint(me).StartSeq)
                {
                    // A SYN after its SYN/ACK (two interfaces' interleaving): flip and establish.
                    _isPartial = false;
                    Flip();
                    me = 1 - me;
                    Endpoint(1 - me).SetState(ZeekEndpointState.Established);
                    _firstPacketSeen |= 1;
                }

                if (Endpoint(1 - me).State == ZeekEndpointState.SynSent)
                {
                    Endpoint(1 - me).SetState(ZeekEndpointState.Established);
                }

                Endpoint(me).SetState(ZeekEndpointState.Established);
            }
        }

        if (fin)
        {
            Endpoint(me).SetState(ZeekEndpointState.Closed);
        }

        if (rst)
        {
            Endpoint(me).SetState(ZeekEndpointState.Reset);
        }

        if (Endpoint(me).State != ZeekEndpointState.Inactive)
        {
            return;
        }

        if (!isOrig && len == 0 && _orig.State == ZeekEndpointState.SynSent)
        {
            // An ACK of the SYN before the SYN/ACK: not a partial connection.
        }
        else if (ack && Endpoint(1 - me).State == ZeekEndpointState.Established)
        {
            // SYN/ACK seen, SYN missed, now an ACK: established rather than partial.
            Endpoint(me).SetState(ZeekEndpointState.Established);
            _isPartial = false;
            _firstPacketSeen |= (byte)(isOrig ? 1 : 2);
        }
        else
        {
            Endpoint(me).SetState(ZeekEndpointState.Partial);
        }

        _ = ackSeq;
    }

    private void UpdateEstablished(int me, bool syn, bool fin, bool rst, bool ack)
    {
        ref var endpoint = ref Endpoint(me);
        ref var peer = ref Endpoint(1 - me);
        if (syn && endpoint.State == ZeekEndpointState.Partial && peer.State == ZeekEndpointState.Inactive && !ack)
        {
            endpoint.SetState(ZeekEndpointState.SynSent);
        }

        if (fin && !rst)
        {
            endpoint.SetState(ZeekEndpointState.Closed);
            if (peer.State == ZeekEndpointState.Reset && peer.PrevState == ZeekEndpointState.Closed)
            {
                peer.SetState(ZeekEndpointState.Closed); // FIN then RST from the peer was a normal close
            }
        }

        if (rst)
        {
            endpoint.SetState(ZeekEndpointState.Reset);
        }
    }

    /// <summary>The reassembler's AckReceived: acknowledged data never seen is a content gap ('G').</summary>
    private void AckReceived(int slot, long relAck)
    {
        ref var endpoint = ref Endpoint(slot);
        if (endpoint.FinCount > 0 && relAck >= endpoint.FinSeq)
        {
            relAck = endpoint.FinSeq - 1;
        }

        if (relAck <= endpoint.TrimmedTo)
        {
            return;
        }

        endpoint.TrimmedTo = relAck;
        if (relAck <= endpoint.Delivered)
        {
            return;
        }

        if (relAck <= 2 && _isPartial)
        {
            return; // the faked SYN octet of a partial connection
        }

        ref readonly var peer = ref Endpoint(1 - slot);
        bool clean = IsClean(endpoint) && IsClean(peer);
        if (endpoint.HoleEnd != 0 && endpoint.HoleEnd < relAck)
        {
            if (clean)
            {
                Scaled(slot, 'G', ref endpoint.GapCount, ref endpoint.GapThreshold);
            }

            endpoint.Delivered = Math.Max(endpoint.BufferedEnd, endpoint.Delivered);
            endpoint.HoleEnd = 0;
        }

        if (relAck > endpoint.Delivered)
        {
            if (clean)
            {
                Scaled(slot, 'G', ref endpoint.GapCount, ref endpoint.GapThreshold);
            }

            endpoint.Delivered = relAck;
        }
    }

    private static bool IsClean(in ZeekEndpoint endpoint) =>
        endpoint.State == ZeekEndpointState.Established
        || (endpoint.State == ZeekEndpointState.Closed && endpoint.PrevState == ZeekEndpointState.Established);

    /// <summary>The reassembler's new data: delivered in order, or buffered behind one hole.</summary>
    private static void DataSent(ref ZeekEndpoint endpoint, long start, int len)
    {
        long end = start + len;
        if (end <= endpoint.Delivered || end <= endpoint.TrimmedTo)
        {
            return;
        }

        if (start <= endpoint.Delivered)
        {
            endpoint.Delivered = end;
            if (endpoint.HoleEnd != 0 && endpoint.Delivered >= endpoint.HoleEnd)
            {
                endpoint.Delivered = Math.Max(endpoint.Delivered, endpoint.BufferedEnd);
                endpoint.HoleEnd = 0;
            }

            return;
        }

        endpoint.HoleEnd = endpoint.HoleEnd == 0 ? start : Math.Min(endpoint.HoleEnd, start);
        endpoint.BufferedEnd = Math.Max(endpoint.BufferedEnd, end);
    }

    [InlineArray(MaxLength)]
    private struct HistoryLetters
    {
        private byte _first;
    }
}
