using System.Buffers.Binary;

namespace PcapSurvival.Benchmarks;

/// <summary>In-memory captures for the benchmarks, built by hand (no PacketDotNet on the measured paths).</summary>
public static class SyntheticCapture
{
    private const byte Fin = 0x01;
    private const byte Syn = 0x02;
    private const byte Rst = 0x04;
    private const byte Psh = 0x08;
    private const byte Ack = 0x10;
    private const int Mss = 1448;
    private const uint ClientBase = 0xC6120100; // 198.18.1.0
    private const uint ServerBase = 0xC6130100; // 198.19.1.0

    /// <summary>Linux SYN options: MSS 1460, SACK permitted, timestamps, NOP, window scale 7.</summary>
    private static readonly byte[] SynOptions = [2, 4, 0x05, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7];

    /// <summary>NOP, NOP, timestamps.</summary>
    private static readonly byte[] TimestampOptions = [1, 1, 8, 10, 0, 0, 0, 2, 0, 0, 0, 1];

    /// <summary>
    /// Bulk transfer like iperf3 -P 16 seen from the sender: <paramref name="flows"/> connections, data segments and
    /// an ACK every second one; every <paramref name="lossEvery"/>th segment is lost after the capture point, so the
    /// receiver sends three duplicate ACKs with SACK and the sender retransmits.
    /// </summary>
    public static byte[] Bulk(int packets, int flows = 16, int lossEvery = 200)
    {
        var pcap = new PcapBuilder(packets);
        var clientSeq = new uint[flows];
        var serverSeq = new uint[flows];
        var sent = new int[flows];
        for (int f = 0; f < flows; f++)
        {
            clientSeq[f] = 1_000_000u * (uint)(f + 1);
            serverSeq[f] = 3_000_000_000u + (uint)f;
            Handshake(pcap, ClientBase + 1, ServerBase + 1, (ushort)(40000 + f), 5201, ref clientSeq[f], ref serverSeq[f]);
        }

        Span<byte> sack = stackalloc byte[24];
        while (!pcap.Full)
        {
            for (int f = 0; f < flows && !pcap.Full; f++)
            {
                uint client = ClientBase + 1, server = ServerBase + 1;
                ushort port = (ushort)(40000 + f);
                if (++sent[f] % lossEvery == 0)
                {
                    uint lost = clientSeq[f];
                    pcap.Tcp(client, server, port, 5201, lost, serverSeq[f], Ack, 502, Mss, TimestampOptions);
                    clientSeq[f] += Mss;
                    for (int d = 0; d < 3; d++)
                    {
                        pcap.Tcp(client, server, port, 5201, clientSeq[f], serverSeq[f], Ack, 502, Mss, TimestampOptions);
                        clientSeq[f] += Mss;
                        WriteSack(sack, lost + Mss, clientSeq[f]);
                        pcap.Tcp(server, client, 5201, port, serverSeq[f], lost, Ack, 509, 0, sack);
                    }

                    pcap.Tcp(client, server, port, 5201, lost, serverSeq[f], Ack, 502, Mss, TimestampOptions);
                    pcap.Tcp(server, client, 5201, port, serverSeq[f], clientSeq[f], Ack, 509, 0, TimestampOptions);
                    continue;
                }

                pcap.Tcp(client, server, port, 5201, clientSeq[f], serverSeq[f], Ack, 502, Mss, TimestampOptions);
                clientSeq[f] += Mss;
                pcap.Tcp(client, server, port, 5201, clientSeq[f], serverSeq[f], Ack | Psh, 502, Mss, TimestampOptions);
                clientSeq[f] += Mss;
                pcap.Tcp(server, client, 5201, port, serverSeq[f], clientSeq[f], Ack, 509, 0, TimestampOptions);
            }
        }

        return pcap.ToArray();
    }

    /// <summary>
    /// Many short connections, <paramref name="concurrent"/> at a time, each advancing one packet per turn:
    /// handshake, request, three response segments, FIN close; every tenth is refused with RST/ACK.
    /// Client addresses and ports never repeat a 4-tuple.
    /// </summary>
    public static byte[] Many(int packets, int concurrent = 200)
    {
        var pcap = new PcapBuilder(packets);
        var live = new ShortConnection[concurrent];
        int opened = 0;
        for (int i = 0; i < concurrent; i++)
        {
            live[i] = new ShortConnection(opened++);
        }

        while (!pcap.Full)
        {
            for (int i = 0; i < concurrent && !pcap.Full; i++)
            {
                if (!live[i].Step(pcap))
                {
                    live[i] = new ShortConnection(opened++);
                }
            }
        }

        return pcap.ToArray();
    }

    private static void Handshake(PcapBuilder pcap, uint client, uint server, ushort clientPort, ushort serverPort, ref uint clientSeq, ref uint serverSeq)
    {
        pcap.Tcp(client, server, clientPort, serverPort, clientSeq, 0, Syn, 64240, 0, SynOptions);
        clientSeq++;
        pcap.Tcp(server, client, serverPort, clientPort, serverSeq, clientSeq, Syn | Ack, 65160, 0, SynOptions);
        serverSeq++;
        pcap.Tcp(client, server, clientPort, serverPort, clientSeq, serverSeq, Ack, 502, 0, TimestampOptions);
    }

    private static void WriteSack(Span<byte> options, uint left, uint right)
    {
        TimestampOptions.CopyTo(options);
        options[12] = 1;
        options[13] = 1;
        options[14] = 5;
        options[15] = 10;
        BinaryPrimitives.WriteUInt32BigEndian(options[16..], left);
        BinaryPrimitives.WriteUInt32BigEndian(options[20..], right);
    }

    private sealed class ShortConnection(int index)
    {
        private readonly uint _client = ClientBase + (uint)(index / 28000);
        private readonly uint _server = ServerBase + (uint)(index % 8);
        private readonly ushort _port = (ushort)(32768 + (index % 28000));
        private readonly bool _refused = index % 10 == 9;
        private uint _clientSeq = (uint)index * 7919u;
        private uint _serverSeq = (uint)index * 104729u;
        private int _step;

        /// <summary>Writes the next packet; false when the connection is over.</summary>
        public bool Step(PcapBuilder pcap)
        {
            const ushort service = 443;
            switch (_step++)
            {
                case 0:
                    pcap.Tcp(_client, _server, _port, service, _clientSeq, 0, Syn, 64240, 0, SynOptions);
                    _clientSeq++;
                    return true;
                case 1 when _refused:
                    pcap.Tcp(_server, _client, service, _port, 0, _clientSeq, Rst | Ack, 0, 0, []);
                    return false;
                case 1:
                    pcap.Tcp(_server, _client, service, _port, _serverSeq, _clientSeq, Syn | Ack, 65160, 0, SynOptions);
                    _serverSeq++;
                    return true;
                case 2:
                    return Client(pcap, Ack, 0);
                case 3:
                    return Client(pcap, Ack | Psh, 300);
                case 4:
                case 5:
                    return Server(pcap, Ack, Mss);
                case 6:
                    return Client(pcap, Ack, 0);
                case 7:
                    return Server(pcap, Ack | Psh, 700);
                case 8:
                    return Client(pcap, Ack, 0);
                case 9:
                    Client(pcap, Fin | Ack, 0);
                    _clientSeq++;
                    return true;
                case 10:
                    Server(pcap, Fin | Ack, 0);
                    _serverSeq++;
                    return true;
                default:
                    Client(pcap, Ack, 0);
                    return false;
            }
        }

        private bool Client(PcapBuilder pcap, byte flags, int length)
        {
            pcap.Tcp(_client, _server, _port, 443, _clientSeq, _serverSeq, flags, 502, length, TimestampOptions);
            _clientSeq += (uint)length;
            return true;
        }

        private bool Server(PcapBuilder pcap, byte flags, int length)
        {
            pcap.Tcp(_server, _client, 443, _port, _serverSeq, _clientSeq, flags, 509, length, TimestampOptions);
            _serverSeq += (uint)length;
            return true;
        }
    }
}
