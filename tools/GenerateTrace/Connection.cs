namespace GenerateTrace;

internal enum ConnectionKind
{
    /// <summary>Handshake, one or more request/response exchanges, FIN close.</summary>
    Normal,

    /// <summary>The SYN is answered by RST/ACK.</summary>
    Refused,

    /// <summary>SYN retransmitted after 1 s and 3 s, never answered.</summary>
    Unanswered,

    /// <summary>Handshake, some data, then a RST from the client (abort) or the server.</summary>
    ResetMidway,

    /// <summary>A request segment lost after the capture point and retransmitted by timeout.</summary>
    RequestRetransmission,

    /// <summary>A response segment lost before the capture point: duplicate ACKs with SACK, then the retransmission.</summary>
    LostResponseSegment,
}

/// <summary>
/// Writes one connection's packets, as a capture on the client's side sees them: the client's packets at the time
/// it sends them, the server's one round-trip after the client's packet that caused them.
/// </summary>
internal sealed class Connection
{
    private const int Mss = 1448; // 1460 less 12 bytes of timestamps option
    private const long Serialization = 12_300; // ns for a full-size frame at 1 Gbit/s
    private const long MinRto = 200_000_000;

    private readonly Random _random;
    private readonly FrameQueue _queue;
    private readonly Endpoint _client;
    private readonly Endpoint _server;
    private readonly long _rtt;

    /// <summary>What the client has received in order (its acknowledgement number).</summary>
    private uint _clientReceived;

    private long _clientLast;
    private long _serverLast;

    public Connection(Random random, FrameQueue queue, Endpoint client, Endpoint server, long rttNs)
    {
        _random = random;
        _queue = queue;
        _client = client;
        _server = server;
        _rtt = rttNs;
    }

    /// <summary>Time of the last packet written.</summary>
    public long End { get; private set; }

    public int Packets { get; private set; }

    public void Run(ConnectionKind kind, long start)
    {
        long t = start;
        switch (kind)
        {
            case ConnectionKind.Refused:
                ClientSends(t, Tcp.Syn, 0);
                _client.Seq++;
                ServerSends(t + _rtt, Tcp.Rst | Tcp.Ack, 0, seq: 0, ack: _client.Seq);
                return;
            case ConnectionKind.Unanswered:
                uint isn = _client.Seq;
                ClientSends(t, Tcp.Syn, 0);
                ClientSends(t + 1_000_000_000, Tcp.Syn, 0, seq: isn);
                ClientSends(t + 3_000_000_000, Tcp.Syn, 0, seq: isn);
                return;
        }

        t = Handshake(t);
        int exchanges = kind == ConnectionKind.Normal && Chance(0.3) ? 2 + _random.Next(4) : 1;
        for (int e = 0; e < exchanges; e++)
        {
            t += e == 0 ? HostDelay() : Think(0.3);
            bool last = e == exchanges - 1;
            t = Exchange(t, kind, last);
        }

        if (kind == ConnectionKind.ResetMidway)
        {
            if (Chance(0.7))
            {
                // The client application closes with unread data: RST/ACK.
                ClientSends(t + HostDelay() + Exponential(10_000_000), Tcp.Rst | Tcp.Ack, 0);
            }
            else
            {
                ServerSends(t + Exponential(20_000_000) + _rtt, Tcp.Rst | Tcp.Ack, 0);
            }

            return;
        }

        Close(t + Think(0.5));
    }

    private long Handshake(long t)
    {
        ClientSends(t, Tcp.Syn, 0);
        _client.Seq++;
        t += _rtt;
        ServerSends(t, Tcp.Syn | Tcp.Ack, 0);
        _server.Seq++;
        _clientReceived = _server.Seq;
        t += HostDelay();
        ClientSends(t, Tcp.Ack, 0);
        return t;
    }

    /// <summary>One request and its response; returns the time of the last packet.</summary>
    private long Exchange(long t, ConnectionKind kind, bool last)
    {
        bool retransmitRequest = kind == ConnectionKind.RequestRetransmission && last;
        int requestBytes = retransmitRequest ? 80 + _random.Next(1200) : RequestSize();
        for (int sent = 0; sent < requestBytes;)
        {
            int length = Math.Min(Mss, requestBytes - sent);
            sent += length;
            var flags = Tcp.Ack | (sent == requestBytes ? Tcp.Psh : Tcp.None);
            if (retransmitRequest)
            {
                // Lost between the capture point and the server; resent after the retransmission timeout.
                uint seq = _client.Seq;
                ClientSends(t, flags, length);
                t += MinRto + _rtt + (_rtt / 2);
                ClientSends(t, flags, length, seq: seq);
                _client.Seq = seq + (uint)length;
            }
            else
            {
                ClientSends(t, flags, length);
                _client.Seq += (uint)length;
                t += sent == requestBytes ? 0 : Serialization;
            }
        }

        long processing = Math.Min(Exponential(5_000_000), 250_000_000);
        if (processing > 40_000_000)
        {
            // The server's delayed ACK of the request comes before its answer.
            ServerSends(t + _rtt + 40_000_000, Tcp.Ack, 0);
        }

        int responseBytes = kind == ConnectionKind.ResetMidway ? ResponseSize() / 2 + 1 : ResponseSize();
        int segments = (responseBytes + Mss - 1) / Mss;
        int lost = -1;
        if (kind == ConnectionKind.LostResponseSegment && last)
        {
            if (segments < 6)
            {
                responseBytes = (6 + _random.Next(20)) * Mss - _random.Next(Mss);
                segments = (responseBytes + Mss - 1) / Mss;
            }

            lost = 1 + _random.Next(Math.Min(segments, 10) - 1);
        }

        return Response(t + _rtt + processing, responseBytes, lost);
    }

    /// <summary>The server's answer in slow-start rounds; the client ACKs every second segment.</summary>
    private long Response(long start, int bytes, int lostIndex)
    {
        int segments = (bytes + Mss - 1) / Mss;
        int congestionWindow = 10;
        long roundStart = start;
        long t = start;
        for (int index = 0; index < segments;)
        {
            int count = Math.Min(congestionWindow, segments - index);
            t = roundStart;
            int unacknowledged = 0;
            uint holeSeq = 0;
            int holeLength = 0;
            bool holeWasLast = false;
            int duplicateAcks = 0;
            long thirdDuplicate = 0;
            for (int k = 0; k < count; k++, index++)
            {
                bool lastSegment = index == segments - 1;
                int length = lastSegment ? bytes - (Mss * index) : Mss;
                var flags = Tcp.Ack | (lastSegment ? Tcp.Psh : Tcp.None);
                uint seq = _server.Seq;
                _server.Seq += (uint)length;
                if (index == lostIndex)
                {
                    holeSeq = seq;
                    holeLength = length;
                    holeWasLast = lastSegment;
                }
                else
                {
                    ServerSends(t, flags, length, seq: seq);
                    if (holeLength > 0)
                    {
                        // Out of order: an immediate duplicate ACK with a SACK block for what arrived past the hole.
                        long at = t + HostDelay();
                        ClientSends(at, Tcp.Ack, 0, sack: (holeSeq + (uint)holeLength, _server.Seq));
                        if (++duplicateAcks == 3)
                        {
                            thirdDuplicate = at;
                        }
                    }
                    else
                    {
                        _clientReceived = _server.Seq;
                        if (++unacknowledged == 2 || lastSegment)
                        {
                            ClientSends(t + HostDelay(), Tcp.Ack, 0);
                            unacknowledged = 0;
                        }
                    }
                }

                t += Serialization;
            }

            if (holeLength > 0)
            {
                // Fast retransmission after three duplicate ACKs, else by timeout.
                long resend = duplicateAcks >= 3 ? thirdDuplicate + _rtt : roundStart + MinRto + _rtt;
                ServerSends(resend, Tcp.Ack | (holeWasLast ? Tcp.Psh : Tcp.None), holeLength, seq: holeSeq);
                _clientReceived = _server.Seq;
                t = resend + HostDelay();
                ClientSends(t, Tcp.Ack, 0);
                congestionWindow = Math.Max(congestionWindow / 2, 2);
                roundStart = t + _rtt;
            }
            else
            {
                roundStart = Math.Max(roundStart + _rtt, t);
                congestionWindow *= 2;
            }
        }

        return t;
    }

    private void Close(long t)
    {
        if (Chance(0.7))
        {
            ClientSends(t, Tcp.Fin | Tcp.Ack, 0);
            _client.Seq++;
            t += _rtt;
            ServerSends(t, Tcp.Fin | Tcp.Ack, 0);
            _server.Seq++;
            _clientReceived = _server.Seq;
            ClientSends(t + HostDelay(), Tcp.Ack, 0);
        }
        else
        {
            ServerSends(t, Tcp.Fin | Tcp.Ack, 0);
            _server.Seq++;
            _clientReceived = _server.Seq;
            ClientSends(t + HostDelay(), Tcp.Ack, 0);
            t += 50_000 + Exponential(500_000);
            ClientSends(t, Tcp.Fin | Tcp.Ack, 0);
            _client.Seq++;
            ServerSends(t + _rtt, Tcp.Ack, 0);
        }
    }

    private void ClientSends(long t, Tcp flags, int length, uint? seq = null, (uint, uint)? sack = null)
    {
        // A host sends its packets one after the other.
        t = Math.Max(t, _clientLast + 1_000);
        _clientLast = t;
        // The client's timestamps echo what the server sent half a round trip ago (server clock).
        long peer = (flags & Tcp.Syn) != 0 && (flags & Tcp.Ack) == 0 ? -1 : t - (_rtt / 2);
        Add(t, FrameBuilder.Build(_client, _server, t, peer, flags, seq ?? _client.Seq, _clientReceived, length, sack));
    }

    private void ServerSends(long t, Tcp flags, int length, uint? seq = null, uint? ack = null)
    {
        t = Math.Max(t, _serverLast + 1_000);
        _serverLast = t;
        // Seen at the client's capture point at t; sent by the server half a round trip earlier.
        Add(t, FrameBuilder.Build(_server, _client, t - (_rtt / 2), t - _rtt, flags, seq ?? _server.Seq, ack ?? _client.Seq, length));
    }

    private void Add(long t, byte[] frame)
    {
        _queue.Add(t, frame);
        End = Math.Max(End, t);
        Packets++;
    }

    private int RequestSize() => Chance(0.9) ? 80 + _random.Next(900) : 1000 + _random.Next(6000);

    private int ResponseSize()
    {
        double p = _random.NextDouble();
        return p < 0.7 ? 150 + _random.Next(3000)
            : p < 0.95 ? 3000 + _random.Next(45_000)
            : 50_000 + _random.Next(200_000);
    }

    private long HostDelay() => 15_000 + _random.Next(45_000);

    private long Think(double meanSeconds) => Math.Min(Exponential((long)(meanSeconds * 1e9)), 20_000_000_000);

    private long Exponential(long mean) => (long)(-Math.Log(1 - _random.NextDouble()) * mean);

    private bool Chance(double p) => _random.NextDouble() < p;
}
