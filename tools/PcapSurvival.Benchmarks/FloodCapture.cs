using System.Buffers.Binary;

namespace PcapSurvival.Benchmarks;

/// <summary>
/// Flood captures (classic pcap, nanoseconds, Ethernet, headers only), written as they are generated so that
/// millions of packets take no memory: SYNs from distinct IPv4 sources, tiny complete connections, and IPv6 SYNs
/// from one /64 whose interface IDs are random or chosen to collide under the flow table's old unkeyed hash.
/// </summary>
internal static class FloodCapture
{
    /// <summary>The kinds, for the command line: each takes a count of connections.</summary>
    public static readonly string[] Kinds = ["syn", "tiny", "random6", "colliding6"];

    private const long StartNs = 1_767_225_600L * 1_000_000_000; // 2026-01-01
    private const ulong OldHashFactor = 0x9E37_79B9_7F4A_7C15;
    private static readonly byte[] Server6 = [0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    private const ulong Prefix6 = 0x2001_0db8_0000_0001; // the flooding /64, below the server's address

    public static void Write(string kind, int connections, Stream output)
    {
        using var writer = new Writer(output);
        switch (kind)
        {
            case "syn":
                // One SYN from each of N distinct sources (10.0.0.0/8 upwards), 10 µs apart, never answered.
                for (int i = 0; i < connections; i++)
                {
                    writer.Tcp4(StartNs + (i * 10_000L), 0x0A00_0000u + (uint)i, 0xC000_0201, 40000, 443, 1000, 0, Flags.Syn);
                }

                break;
            case "tiny":
                // Complete connections (SYN, SYN/ACK, ACK, FIN, FIN, ACK), one every 10 µs: all closed well within
                // the 60 s a closed connection is kept, so all are live together without a cap.
                for (int i = 0; i < connections; i++)
                {
                    long t = StartNs + (i * 10_000L);
                    uint client = 0x0A00_0000u + (uint)(i >> 10);
                    ushort port = (ushort)(10000 + (i & 1023));
                    const uint Server = 0xC000_0201;
                    writer.Tcp4(t, client, Server, port, 443, 1000, 0, Flags.Syn);
                    writer.Tcp4(t + 1000, Server, client, 443, port, 5000, 1001, Flags.Syn | Flags.Ack);
                    writer.Tcp4(t + 2000, client, Server, port, 443, 1001, 5001, Flags.Ack);
                    writer.Tcp4(t + 3000, client, Server, port, 443, 1001, 5001, Flags.Fin | Flags.Ack);
                    writer.Tcp4(t + 4000, Server, client, 443, port, 5001, 1002, Flags.Fin | Flags.Ack);
                    writer.Tcp4(t + 5000, client, Server, port, 443, 1002, 5002, Flags.Ack);
                }

                break;
            case "random6":
            case "colliding6":
                var random = new Random(6);
                for (int i = 0; i < connections; i++)
                {
                    ulong interfaceId = kind == "colliding6" ? CollidingInterfaceId((ulong)i + 1) : (ulong)random.NextInt64();
                    writer.Tcp6(StartNs + (i * 10_000L), Prefix6, interfaceId, 40000, 443, 1000, Flags.Syn);
                }

                break;
            default:
                throw new ArgumentException($"unknown flood kind {kind}: one of {string.Join(", ", Kinds)}");
        }
    }

    /// <summary>A capture of <paramref name="kind"/> in memory, for BenchmarkDotNet.</summary>
    public static byte[] Build(string kind, int connections)
    {
        var memory = new MemoryStream();
        Write(kind, connections, memory);
        return memory.ToArray();
    }

    /// <summary>
    /// The interface ID whose SYN (to the server's port 443, from port 40000) hashed, under the table's old function
    /// (multiply-xor, invertible at every step), to 0x5EED: the <paramref name="n"/>-th of 2^32 such keys, found by
    /// running that function backwards from a final state whose two halves xor to 0x5EED.
    /// </summary>
    public static ulong CollidingInterfaceId(ulong n)
    {
        ulong inverse = Inverse(OldHashFactor);
        ulong serverHigh = BinaryPrimitives.ReadUInt64BigEndian(Server6);
        ulong serverLow = BinaryPrimitives.ReadUInt64BigEndian(Server6.AsSpan(8));
        ulong final = (n << 32) | (uint)(0x5EEDu ^ (uint)n);
        ulong h3 = final * inverse;
        ulong h2 = (h3 ^ ((40000UL << 16) | 443)) * inverse;
        ulong h1 = (h2 ^ Prefix6 ^ (serverHigh << 1)) * inverse;
        return (h1 ^ serverLow) * inverse;
    }

    /// <summary>The old function itself, for checking: the key's low endpoint is the flooding /64.</summary>
    public static int OldHash(ulong interfaceId)
    {
        ulong serverHigh = BinaryPrimitives.ReadUInt64BigEndian(Server6);
        ulong serverLow = BinaryPrimitives.ReadUInt64BigEndian(Server6.AsSpan(8));
        ulong h = (interfaceId * OldHashFactor) ^ serverLow;
        h = (h * OldHashFactor) ^ Prefix6 ^ (serverHigh << 1);
        h = (h * OldHashFactor) ^ ((40000UL << 16) | 443);
        h *= OldHashFactor;
        return (int)(h ^ (h >> 32));
    }

    /// <summary>The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits).</summary>
    private static ulong Inverse(ulong odd)
    {
        ulong x = odd;
        for (int i = 0; i < 6; i++)
        {
            x *= 2 - (odd * x);
        }

        return x;
    }

    [Flags]
    private enum Flags : byte
    {
        Fin = 0x01,
        Syn = 0x02,
        Ack = 0x10,
    }

    private sealed class Writer : IDisposable
    {
        private readonly BufferedStream _output;
        private readonly byte[] _record = new byte[16 + 14 + 40 + 20];

        public Writer(Stream output)
        {
            _output = new BufferedStream(output, 1 << 20);
            Span<byte> header = stackalloc byte[24];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B23C4D); // nanoseconds
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
            BinaryPrimitives.WriteInt32LittleEndian(header[16..], 262144);
            BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
            _output.Write(header);
        }

        public void Tcp4(long timeNs, uint source, uint destination, ushort sourcePort, ushort destinationPort, uint seq, uint ack, Flags flags)
        {
            var frame = Frame(timeNs, 14 + 20 + 20, 0x0800);
            var ip = frame[14..];
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 40);
            ip[8] = 64;
            ip[9] = 6;
            BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
            BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destination);
            Tcp(ip[20..], sourcePort, destinationPort, seq, ack, flags);
            _output.Write(_record, 0, 16 + 54);
        }

        public void Tcp6(long timeNs, ulong sourcePrefix, ulong interfaceId, ushort sourcePort, ushort destinationPort, uint seq, Flags flags)
        {
            var frame = Frame(timeNs, 14 + 40 + 20, 0x86DD);
            var ip = frame[14..];
            ip[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], 20);
            ip[6] = 6;
            ip[7] = 64;
            BinaryPrimitives.WriteUInt64BigEndian(ip[8..], sourcePrefix);
            BinaryPrimitives.WriteUInt64BigEndian(ip[16..], interfaceId);
            Server6.CopyTo(ip[24..]);
            Tcp(ip[40..], sourcePort, destinationPort, seq, 0, flags);
            _output.Write(_record, 0, 16 + 74);
        }

        public void Dispose() => _output.Flush();

        private Span<byte> Frame(long timeNs, int length, ushort etherType)
        {
            Array.Clear(_record);
            BinaryPrimitives.WriteUInt32LittleEndian(_record, (uint)(timeNs / 1_000_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(_record.AsSpan(4), (uint)(timeNs % 1_000_000_000));
            BinaryPrimitives.WriteInt32LittleEndian(_record.AsSpan(8), length);
            BinaryPrimitives.WriteInt32LittleEndian(_record.AsSpan(12), length);
            var frame = _record.AsSpan(16);
            frame[..12].Fill(0x02);
            BinaryPrimitives.WriteUInt16BigEndian(frame[12..], etherType);
            return frame;
        }

        private static void Tcp(Span<byte> tcp, ushort sourcePort, ushort destinationPort, uint seq, uint ack, Flags flags)
        {
            BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destinationPort);
            BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], seq);
            BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], ack);
            tcp[12] = 5 << 4;
            tcp[13] = (byte)flags;
            BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 65535);
        }
    }
}
