using System.Buffers.Binary;

namespace PcapSurvival.Core.Decoding;

/// <summary>802.2 LLC, as FDDI, 802.3 (an Ethernet frame with a length instead of a type) and Linux SLL carry it.</summary>
internal static partial class PacketDecoder
{
    /// <summary>Ethernet's type field holds 802.3's length up to this value.</summary>
    private const int MaxIeee8023Length = 1500;

    /// <summary>FDDI: frame control, destination and source addresses, then LLC.</summary>
    private const int FddiHeaderLength = 13;

    /// <summary>Linux SLL's protocol for a frame that starts with an 802.2 LLC header (LINUX_SLL_P_802_2).</summary>
    private const ushort SllLlc = 0x0004;

    /// <summary>The LLC control field of an unnumbered information (UI) frame, the only kind that carries IP.</summary>
    private const byte UnnumberedInformation = 0x03;

    /// <summary>SNAP's SAP, with an organisation code and an EtherType after the LLC header.</summary>
    private const byte SnapSap = 0xAA;

    /// <summary>The SAP of IPv4 straight over LLC (RFC 1042 prefers SNAP, but both exist).</summary>
    private const byte IpSap = 0x06;

    private static DecodeOutcome DecodeFddi(ReadOnlySpan<byte> frame, int wire, ref TcpSegment segment)
    {
        if (frame.Length < FddiHeaderLength)
        {
            return DecodeOutcome.TruncatedLinkHeader;
        }

        // Only asynchronous LLC frames (frame control 0x50-0x5F) carry data, as in Wireshark's FDDI dissector.
        return (frame[0] & 0xF0) == 0x50
            ? DecodeLlc(frame, FddiHeaderLength, wire - FddiHeaderLength, ref segment, 0)
            : DecodeOutcome.NotIp;
    }

    /// <summary>Linux SLL's protocol field is an EtherType, or below 1536 one of Linux's own codes, of which only LLC may carry IP.</summary>
    private static DecodeOutcome DecodeSllProtocol(ReadOnlySpan<byte> frame, int offset, int wire, ushort protocol, ref TcpSegment segment) =>
        protocol switch
        {
            SllLlc => DecodeLlc(frame, offset, wire, ref segment, 0),
            < 1536 => DecodeOutcome.NotIp,
            _ => DecodeEtherType(frame, offset, wire, protocol, ref segment, 0),
        };

    /// <summary>An 802.2 LLC header: SNAP with an EtherType (organisation code 0 or 0x0000F8, as Wireshark reads them), or IPv4's own SAP.</summary>
    private static DecodeOutcome DecodeLlc(ReadOnlySpan<byte> frame, int offset, int wire, ref TcpSegment segment, int depth)
    {
        if (frame.Length < offset + 3)
        {
            return DecodeOutcome.TruncatedLinkHeader;
        }

        byte destinationSap = frame[offset];
        byte sourceSap = (byte)(frame[offset + 1] & 0xFE); // the low bit says command or response
        if (frame[offset + 2] != UnnumberedInformation || destinationSap != sourceSap)
        {
            return DecodeOutcome.NotIp;
        }

        switch (destinationSap)
        {
            case IpSap:
                return DecodeIPv4(frame, offset + 3, wire - 3, ref segment, depth);
            case SnapSap:
                if (frame.Length < offset + 8)
                {
                    return DecodeOutcome.TruncatedLinkHeader;
                }

                int organisation = (frame[offset + 3] << 16) | (frame[offset + 4] << 8) | frame[offset + 5];
                return organisation is 0x000000 or 0x0000F8
                    ? DecodeEtherType(frame, offset + 8, wire - 8, BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 6)..]), ref segment, depth)
                    : DecodeOutcome.NotIp;
            default:
                return DecodeOutcome.NotIp;
        }
    }
}
