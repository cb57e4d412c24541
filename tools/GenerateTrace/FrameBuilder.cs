using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;
using PacketDotNet.Utils;

namespace GenerateTrace;

[Flags]
internal enum Tcp : ushort
{
    None = 0,
    Fin = 0x01,
    Syn = 0x02,
    Rst = 0x04,
    Psh = 0x08,
    Ack = 0x10,
}

/// <summary>One host's view of a TCP connection: addresses, next sequence number, IP ID, timestamp clock.</summary>
internal sealed class Endpoint
{
    public required PhysicalAddress Mac { get; init; }
    public required IPAddress Address { get; init; }
    public required ushort Port { get; init; }
    public required byte Ttl { get; init; }
    public required ushort Window { get; init; }
    public required ushort SynWindow { get; init; }

    /// <summary>Next sequence number to send (starts at the ISN).</summary>
    public uint Seq { get; set; }

    public ushort IpId { get; set; }

    /// <summary>Random per-connection offset of the TCP timestamp clock (milliseconds, as Linux does).</summary>
    public uint TsOffset { get; init; }

    public uint TsVal(long timeNs) => unchecked(TsOffset + (uint)(timeNs / 1_000_000));
}

/// <summary>Builds Ethernet/IPv4/TCP frames with PacketDotNet, IP and TCP checksums filled in.</summary>
internal static class FrameBuilder
{
    /// <summary>Payload bytes are slices of this (seeded) buffer.</summary>
    private static readonly byte[] PayloadSource = MakePayloadSource();

    /// <summary>
    /// A frame from <paramref name="from"/> to <paramref name="to"/>. SYN segments carry Linux's option set
    /// (MSS, SACK permitted, timestamps, window scale); others carry timestamps and, when given, one SACK block.
    /// </summary>
    public static byte[] Build(Endpoint from, Endpoint to, long timeNs, long peerTimeNs, Tcp flags, uint seq, uint ack,
        int payloadLength, (uint Left, uint Right)? sack = null)
    {
        byte[] options = Options(from, to, timeNs, peerTimeNs, flags, sack);
        var headerBytes = new byte[TcpFields.HeaderLength + options.Length];
        headerBytes[12] = (byte)((headerBytes.Length / 4) << 4);
        var tcp = new TcpPacket(new ByteArraySegment(headerBytes))
        {
            SourcePort = from.Port,
            DestinationPort = to.Port,
            SequenceNumber = seq,
            AcknowledgmentNumber = (flags & Tcp.Ack) != 0 ? ack : 0,
            Flags = (ushort)flags,
            WindowSize = (flags & Tcp.Rst) != 0 ? (ushort)0 : (flags & Tcp.Syn) != 0 ? from.SynWindow : from.Window,
            Options = options,
        };
        tcp.PayloadData = payloadLength == 0 ? [] : PayloadSource.AsSpan(((int)seq & 0x7FFF), payloadLength).ToArray();

        var ip = new IPv4Packet(from.Address, to.Address)
        {
            TimeToLive = from.Ttl,
            Id = from.IpId++,
            FragmentFlags = 0x2, // don't fragment
            PayloadPacket = tcp,
        };
        var ethernet = new EthernetPacket(from.Mac, to.Mac, EthernetType.IPv4) { PayloadPacket = ip };
        ip.UpdateCalculatedValues();
        tcp.UpdateTcpChecksum();
        ip.UpdateIPChecksum();
        return ethernet.Bytes;
    }

    private static byte[] Options(Endpoint from, Endpoint to, long timeNs, long peerTimeNs, Tcp flags, (uint Left, uint Right)? sack)
    {
        if ((flags & Tcp.Rst) != 0)
        {
            return [];
        }

        uint tsVal = from.TsVal(timeNs);
        uint tsEcr = peerTimeNs < 0 ? 0 : to.TsVal(peerTimeNs);
        if ((flags & Tcp.Syn) != 0)
        {
            // Linux: MSS, SACK permitted, timestamps, NOP, window scale (20 bytes).
            var syn = new byte[20];
            syn[0] = 2;
            syn[1] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(syn.AsSpan(2), 1460);
            syn[4] = 4;
            syn[5] = 2;
            WriteTimestamps(syn.AsSpan(6), tsVal, tsEcr);
            syn[16] = 1;
            syn[17] = 3;
            syn[18] = 3;
            syn[19] = 7;
            return syn;
        }

        var options = new byte[sack is null ? 12 : 24];
        options[0] = 1;
        options[1] = 1;
        WriteTimestamps(options.AsSpan(2), tsVal, tsEcr);
        if (sack is { } block)
        {
            options[12] = 1;
            options[13] = 1;
            options[14] = 5;
            options[15] = 10;
            BinaryPrimitives.WriteUInt32BigEndian(options.AsSpan(16), block.Left);
            BinaryPrimitives.WriteUInt32BigEndian(options.AsSpan(20), block.Right);
        }

        return options;
    }

    private static void WriteTimestamps(Span<byte> destination, uint tsVal, uint tsEcr)
    {
        destination[0] = 8;
        destination[1] = 10;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], tsVal);
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], tsEcr);
    }

    private static byte[] MakePayloadSource()
    {
        var bytes = new byte[0x8000 + 65536];
#pragma warning disable CA5394 // Not security: deterministic filler bytes for a benchmark capture.
        new Random(0x5eed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }
}
