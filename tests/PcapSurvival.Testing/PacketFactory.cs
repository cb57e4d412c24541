using System.Buffers.Binary;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using PacketDotNet;
using PacketDotNet.Utils;

namespace PcapSurvival.Testing;

/// <summary>Builds real Ethernet/IP/TCP packets with PacketDotNet, checksums included.</summary>
public static class PacketFactory
{
    private static readonly PhysicalAddress SourceMac = PhysicalAddress.Parse("02-00-00-00-00-01");
    private static readonly PhysicalAddress DestinationMac = PhysicalAddress.Parse("02-00-00-00-00-02");

    public static byte[] Ethernet(TcpSpec spec)
    {
        var tcp = Tcp(spec);
        bool v6 = spec.Source.AddressFamily == AddressFamily.InterNetworkV6;
        IPPacket ip = v6
            ? new IPv6Packet(spec.Source, spec.Destination) { HopLimit = 64 }
            : new IPv4Packet(spec.Source, spec.Destination) { TimeToLive = 64, Id = spec.IpId };
        ip.PayloadPacket = tcp;
        var ethernet = new EthernetPacket(SourceMac, DestinationMac, v6 ? EthernetType.IPv6 : EthernetType.IPv4) { PayloadPacket = ip };
        tcp.UpdateTcpChecksum();
        if (ip is IPv4Packet v4)
        {
            v4.UpdateIPChecksum();
        }

        return ethernet.Bytes;
    }

    /// <summary>The same packet as raw IP (no link header), for link types 101, 228 and 229.</summary>
    public static byte[] RawIp(TcpSpec spec) => Ethernet(spec)[14..];

    /// <summary>
    /// The TCP header is laid out by hand (PacketDotNet 1.4.8 cannot grow the options of a new packet),
    /// then handed to PacketDotNet, which fills in the checksum once the packet sits in its IP packet.
    /// </summary>
    private static TcpPacket Tcp(TcpSpec spec)
    {
        byte[] options = Options(spec);
        var bytes = new byte[20 + options.Length + spec.PayloadLength];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, spec.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), spec.DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), spec.Sequence);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), spec.Acknowledgment);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(12), (ushort)((((20 + options.Length) / 4) << 12) | Flags(spec.Flags)));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(14), spec.Window);
        options.CopyTo(bytes, 20);
        return new TcpPacket(new ByteArraySegment(bytes));
    }

    /// <summary>The header's flag bits of letters such as "SA" (also <see cref="Core.Decoding.TcpFlags"/>' values).</summary>
    internal static ushort Flags(string letters)
    {
        ushort flags = 0;
        foreach (char letter in letters)
        {
            flags |= letter switch
            {
                'F' => 0x01,
                'S' => 0x02,
                'R' => 0x04,
                'P' => 0x08,
                'A' => 0x10,
                'U' => 0x20,
                'E' => 0x40,
                'C' => 0x80,
                _ => throw new ArgumentException($"unknown flag letter {letter}"),
            };
        }

        return flags;
    }

    /// <summary>TCP options in wire format, padded with NOPs to a multiple of four bytes.</summary>
    private static byte[] Options(TcpSpec spec)
    {
        var bytes = new List<byte>();
        if (spec.Mss is ushort mss)
        {
            bytes.AddRange([2, 4, (byte)(mss >> 8), (byte)mss]);
        }

        if (spec.SackPermitted)
        {
            bytes.AddRange([1, 1, 4, 2]);
        }

        if (spec.WindowScale is byte shift)
        {
            bytes.AddRange([1, 3, 3, shift]);
        }

        if (spec.SackBlocks.Count > 0)
        {
            bytes.AddRange([1, 1, 5, (byte)(2 + (8 * spec.SackBlocks.Count))]);
            var edge = new byte[4];
            foreach (var (left, right) in spec.SackBlocks)
            {
                BinaryPrimitives.WriteUInt32BigEndian(edge, left);
                bytes.AddRange(edge);
                BinaryPrimitives.WriteUInt32BigEndian(edge, right);
                bytes.AddRange(edge);
            }
        }

        while (bytes.Count % 4 != 0)
        {
            bytes.Insert(0, 1);
        }

        return [.. bytes];
    }
}
