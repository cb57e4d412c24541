using System.Buffers.Binary;
using PcapSurvival.Core.Reading;

namespace PcapSurvival.Core.Decoding;

/// <summary>
/// Decodes link, IP and TCP headers straight from the packet bytes into a <see cref="TcpSegment"/>.
/// Every read is bounds-checked and nothing is allocated; a packet that is not TCP, or is broken,
/// gives the reason instead of throwing. Tunnels (IP-in-IP, 6in4, GRE, VXLAN, Geneve, GTP-U) are
/// followed to the innermost TCP segment, as Wireshark does.
/// </summary>
/// <remarks>
/// Every method takes the offset where its header starts and <c>wire</c>, the number of bytes from that
/// offset that were on the wire (captured or not), so snap-length truncation never shortens payload lengths.
/// </remarks>
internal static partial class PacketDecoder
{
    private const int MaxVlanTags = 4;
    private const int MaxIpv6ExtensionHeaders = 16;

    /// <summary>
    /// The longest IP packet taken when the length field says nothing (0: segmentation offload, or a jumbogram): Linux's
    /// GSO_MAX_SIZE with BIG TCP, 512 KiB. Longer, as a record's original length of 2 GB claims, counts this much.
    /// </summary>
    private const int MaxOffloadedLength = 512 * 1024;
    private const int MaxTunnelDepth = 4;

    /// <summary>TCP header bytes up to and including the window: all the analysis reads.</summary>
    private const int TcpBytesForAnalysis = 16;

    /// <param name="linkType">The packet's link-layer header type.</param>
    /// <param name="frame">The captured bytes.</param>
    /// <param name="originalLength">The packet's length on the wire, to tell snap-length truncation from a short packet.</param>
    /// <param name="segment">Filled in when the result is <see cref="DecodeOutcome.Tcp"/>.</param>
    public static DecodeOutcome Decode(LinkType linkType, ReadOnlySpan<byte> frame, int originalLength, ref TcpSegment segment)
    {
        int wire = Math.Max(originalLength, frame.Length);
        segment.CapturePoint = CapturePointOf(linkType, frame);
        switch (linkType)
        {
            case LinkType.Ethernet:
                return DecodeEthernet(frame, 0, wire, ref segment, 0);
            case LinkType.LinuxSll:
                return frame.Length < 16
                    ? DecodeOutcome.TruncatedLinkHeader
                    : DecodeSllProtocol(frame, 16, wire - 16, BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), ref segment);
            case LinkType.LinuxSll2:
                return frame.Length < 20
                    ? DecodeOutcome.TruncatedLinkHeader
                    : DecodeSllProtocol(frame, 20, wire - 20, BinaryPrimitives.ReadUInt16BigEndian(frame), ref segment);
            case LinkType.Null:
            case LinkType.Loop:
                return frame.Length < 4
                    ? DecodeOutcome.TruncatedLinkHeader
                    : DecodeIp(LoopbackFamilyToIpVersion(BinaryPrimitives.ReadUInt32LittleEndian(frame)), frame, 4, wire - 4, ref segment, 0);
            case LinkType.Raw:
            case LinkType.RawLegacy:
            case LinkType.RawAlternative:
                return frame.Length == 0 ? DecodeOutcome.TruncatedIpHeader : DecodeIp(frame[0] >> 4, frame, 0, wire, ref segment, 0);
            case LinkType.IPv4:
                return DecodeIPv4(frame, 0, wire, ref segment, 0);
            case LinkType.IPv6:
                return DecodeIPv6(frame, 0, wire, ref segment, 0);
            case LinkType.Ieee80211:
                return Decode80211(frame, 0, wire, ref segment, 0);
            case LinkType.Fddi:
                return DecodeFddi(frame, wire, ref segment);
            case LinkType.Ieee80211Radiotap:
                if (frame.Length < 4)
                {
                    return DecodeOutcome.TruncatedLinkHeader;
                }

                int radiotap = BinaryPrimitives.ReadUInt16LittleEndian(frame[2..]);
                return Decode80211(frame, radiotap, wire - radiotap, ref segment, 0);
            default:
                return DecodeOutcome.UnsupportedLinkType;
        }
    }

    /// <summary>
    /// SLL's packet type (offset 0), or SLL2's interface index (offset 4) and packet type (offset 10), as one number
    /// (the type plus one, so that 0 stays "not said").
    /// </summary>
    private static uint CapturePointOf(LinkType linkType, ReadOnlySpan<byte> frame) => linkType switch
    {
        LinkType.LinuxSll when frame.Length >= 16 => Tcp.CaptureCopyWatch.InterfaceUnknown | (BinaryPrimitives.ReadUInt16BigEndian(frame) + 1u),
        LinkType.LinuxSll2 when frame.Length >= 20 => (BinaryPrimitives.ReadUInt32BigEndian(frame[4..]) << 8) | (frame[10] + 1u),
        _ => 0,
    };

    private static DecodeOutcome DecodeEthernet(ReadOnlySpan<byte> frame, int offset, int wire, ref TcpSegment segment, int depth) =>
        frame.Length < offset + 14
            ? DecodeOutcome.TruncatedLinkHeader
            : DecodeEtherType(frame, offset + 14, wire - 14, BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 12)..]), ref segment, depth, ethernet: true);

    /// <summary>Follows VLAN tags, PPPoE and MPLS from an EtherType to the IP header inside.</summary>
    /// <param name="ethernet">
    /// The type is an Ethernet frame's (or a VLAN tag's in one): 1500 or less is then 802.3's length field, and an
    /// 802.2 LLC header follows.
    /// </param>
    private static DecodeOutcome DecodeEtherType(ReadOnlySpan<byte> frame, int offset, int wire, ushort etherType, ref TcpSegment segment, int depth, bool ethernet = false)
    {
        for (int tags = 0; tags <= MaxVlanTags; tags++)
        {
            switch (etherType)
            {
                case 0x0800:
                    return DecodeIPv4(frame, offset, wire, ref segment, depth);
                case 0x86DD:
                    return DecodeIPv6(frame, offset, wire, ref segment, depth);
                case 0x8100:
                case 0x88A8:
                case 0x9100:
                    if (frame.Length < offset + 4)
                    {
                        return DecodeOutcome.TruncatedLinkHeader;
                    }

                    etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
                    offset += 4;
                    wire -= 4;
                    continue;
                case 0x8864: // PPPoE session: 6-byte header, then the PPP protocol number
                    if (frame.Length < offset + 8)
                    {
                        return DecodeOutcome.TruncatedLinkHeader;
                    }

                    int version = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 6)..]) switch { 0x0021 => 4, 0x0057 => 6, _ => 0 };
                    return DecodeIp(version, frame, offset + 8, wire - 8, ref segment, depth);
                case 0x8847:
                case 0x8848:
                    return DecodeMpls(frame, offset, wire, ref segment, depth);
                case <= MaxIeee8023Length when ethernet:
                    return DecodeLlc(frame, offset, wire, ref segment, depth);
                default:
                    return DecodeOutcome.NotIp;
            }
        }

        return DecodeOutcome.NotIp;
    }

    private static DecodeOutcome DecodeMpls(ReadOnlySpan<byte> frame, int offset, int wire, ref TcpSegment segment, int depth)
    {
        while (true)
        {
            if (frame.Length < offset + 4)
            {
                return DecodeOutcome.TruncatedLinkHeader;
            }

            bool bottom = (frame[offset + 2] & 0x01) != 0;
            offset += 4;
            wire -= 4;
            if (bottom)
            {
                return frame.Length > offset ? DecodeIp(frame[offset] >> 4, frame, offset, wire, ref segment, depth) : DecodeOutcome.TruncatedIpHeader;
            }
        }
    }

    /// <summary>802.11 data frames carrying LLC/SNAP, as in link type 105 and Aruba's GRE tunnels.</summary>
    private static DecodeOutcome Decode80211(ReadOnlySpan<byte> frame, int offset, int wire, ref TcpSegment segment, int depth)
    {
        if (offset < 0 || frame.Length < offset + 24)
        {
            return DecodeOutcome.TruncatedLinkHeader;
        }

        int control = frame[offset];
        int flags = frame[offset + 1];
        int type = (control >> 2) & 0x3;
        int subtype = (control >> 4) & 0xF;
        if (type != 2 || (subtype & 0x4) != 0 || (flags & 0x40) != 0)
        {
            return DecodeOutcome.NotIp; // not data, no payload (null data), or encrypted
        }

        int header = (flags & 0x03) == 0x03 ? 30 : 24;
        if ((subtype & 0x8) != 0)
        {
            header += (flags & 0x80) != 0 ? 6 : 2; // QoS control, plus HT control when the order bit is set
        }

        if (frame.Length < offset + header + 8)
        {
            return DecodeOutcome.TruncatedLinkHeader;
        }

        var llc = frame[(offset + header)..];
        if (llc[0] != 0xAA || llc[1] != 0xAA || llc[2] != 0x03)
        {
            return DecodeOutcome.NotIp;
        }

        return DecodeEtherType(frame, offset + header + 8, wire - header - 8, BinaryPrimitives.ReadUInt16BigEndian(llc[6..]), ref segment, depth);
    }

    /// <summary>BSD loopback stores the address family in host byte order, so accept either order.</summary>
    private static int LoopbackFamilyToIpVersion(uint family)
    {
        if (family > 0xFFFF)
        {
            family = BinaryPrimitives.ReverseEndianness(family);
        }

        return family switch
        {
            2 => 4,
            10 or 23 or 24 or 28 or 30 => 6,
            _ => 0,
        };
    }

    private static DecodeOutcome DecodeIp(int version, ReadOnlySpan<byte> frame, int offset, int wire, ref TcpSegment segment, int depth) => version switch
    {
        4 => DecodeIPv4(frame, offset, Math.Min(wire, MaxOffloadedLength), ref segment, depth),
        6 => DecodeIPv6(frame, offset, Math.Min(wire, MaxOffloadedLength), ref segment, depth),
        _ => DecodeOutcome.NotIp,
    };

    private static DecodeOutcome DecodeIPv4(ReadOnlySpan<byte> frame, int offset, int wire, ref TcpSegment segment, int depth)
    {
        if (frame.Length < offset + 20)
        {
            return DecodeOutcome.TruncatedIpHeader;
        }

        var ip = frame[offset..];
        if (ip[0] >> 4 != 4)
        {
            return DecodeOutcome.BadIpHeader;
        }

        int headerLength = (ip[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (totalLength == 0 || totalLength > wire)
        {
            // Offload leaves the field zero; a packet shorter than its header claims is taken as far as it goes,
            // as Wireshark does, so its TCP header is still analyzed.
            totalLength = wire;
        }

        if (headerLength < 20 || totalLength < headerLength)
        {
            return DecodeOutcome.BadIpHeader;
        }

        if (ip.Length < headerLength)
        {
            return DecodeOutcome.TruncatedIpHeader;
        }

        if ((BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x3FFF) != 0)
        {
            return DecodeOutcome.IpFragment; // fragments are not reassembled: count them instead
        }

        segment.Source = IpAddress.FromV4(ip[12..]);
        segment.Destination = IpAddress.FromV4(ip[16..]);
        segment.IpId = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        return DecodeIpPayload(ip[9], frame, offset + headerLength, totalLength - headerLength, ref segment, depth);
    }

    private static DecodeOutcome DecodeIPv6(ReadOnlySpan<byte> frame, int offset, int wire, ref TcpSegment segment, int depth)
    {
        if (frame.Length < offset + 40)
        {
            return DecodeOutcome.TruncatedIpHeader;
        }

        var ip = frame[offset..];
        if (ip[0] >> 4 != 6)
        {
            return DecodeOutcome.BadIpHeader;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        if (payloadLength == 0 || 40 + payloadLength > wire)
        {
            payloadLength = wire - 40; // jumbogram, offload, or a packet shorter than its header claims
        }

        if (payloadLength < 0)
        {
            return DecodeOutcome.BadIpHeader;
        }

        byte next = ip[6];
        int position = 40;
        for (int headers = 0; IsExtensionHeader(next); headers++)
        {
            if (headers == MaxIpv6ExtensionHeaders)
            {
                return DecodeOutcome.BadIpHeader;
            }

            if (ip.Length < position + 8)
            {
                return DecodeOutcome.TruncatedIpHeader;
            }

            int length = next switch
            {
                44 => 8,
                51 => (ip[position + 1] + 2) * 4,
                _ => (ip[position + 1] + 1) * 8,
            };
            if (next == 44 && (BinaryPrimitives.ReadUInt16BigEndian(ip[(position + 2)..]) & 0xFFF9) != 0)
            {
                return DecodeOutcome.IpFragment;
            }

            if (position + length > 40 + payloadLength)
            {
                return DecodeOutcome.BadIpHeader;
            }

            next = ip[position];
            position += length;
        }

        segment.Source = IpAddress.FromV6(ip[8..]);
        segment.Destination = IpAddress.FromV6(ip[24..]);
        segment.IpId = 0;
        return DecodeIpPayload(next, frame, offset + position, 40 + payloadLength - position, ref segment, depth);
    }

    /// <summary>Hop-by-hop, routing, fragment, authentication and destination options headers.</summary>
    private static bool IsExtensionHeader(byte next) => next is 0 or 43 or 44 or 51 or 60;

    /// <summary>What an IP header carries: TCP, or a tunnel to follow.</summary>
    private static DecodeOutcome DecodeIpPayload(byte protocol, ReadOnlySpan<byte> frame, int offset, int length, ref TcpSegment segment, int depth)
    {
        if (protocol == 6)
        {
            return DecodeTcp(frame, offset, length, ref segment);
        }

        if (depth >= MaxTunnelDepth)
        {
            return DecodeOutcome.NotTcp;
        }

        return protocol switch
        {
            4 => DecodeIPv4(frame, offset, length, ref segment, depth + 1),
            41 => DecodeIPv6(frame, offset, length, ref segment, depth + 1),
            47 => DecodeGre(frame, offset, length, ref segment, depth + 1),
            17 => DecodeUdpTunnel(frame, offset, length, ref segment, depth + 1),
            _ => DecodeOutcome.NotTcp,
        };
    }

    private static DecodeOutcome DecodeGre(ReadOnlySpan<byte> frame, int offset, int wire, ref TcpSegment segment, int depth)
    {
        if (frame.Length < offset + 4)
        {
            return DecodeOutcome.NotTcp;
        }

        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        ushort protocol = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
        if ((flags & 0x0007) != 0)
        {
            return DecodeOutcome.NotTcp; // enhanced GRE (PPTP) carries PPP
        }

        int header = 4 + ((flags & 0x8000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0) + ((flags & 0x1000) != 0 ? 4 : 0);
        return protocol switch
        {
            0x6558 => DecodeEthernet(frame, offset + header, wire - header, ref segment, depth),
            0x88BE => DecodeEthernet(frame, offset + header + 8, wire - header - 8, ref segment, depth), // ERSPAN type II
            0x8200 => Decode80211(frame, offset + header, wire - header, ref segment, depth), // Aruba WLAN
            _ => DecodeEtherType(frame, offset + header, wire - header, protocol, ref segment, depth),
        };
    }

    /// <summary>VXLAN, Geneve and GTP-U, recognised by their well-known UDP ports.</summary>
    private static DecodeOutcome DecodeUdpTunnel(ReadOnlySpan<byte> frame, int offset, int wire, ref TcpSegment segment, int depth)
    {
        if (frame.Length < offset + 16)
        {
            return DecodeOutcome.NotTcp;
        }

        ushort sourcePort = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        ushort destinationPort = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
        var tunnel = frame[(offset + 8)..];
        int start = offset + 8;
        wire -= 8;
        if (destinationPort == 4789 && (tunnel[0] & 0x08) != 0)
        {
            return DecodeEthernet(frame, start + 8, wire - 8, ref segment, depth);
        }

        if (destinationPort == 6081 && tunnel[0] >> 6 == 0)
        {
            int header = 8 + ((tunnel[0] & 0x3F) * 4);
            ushort protocol = BinaryPrimitives.ReadUInt16BigEndian(tunnel[2..]);
            return protocol == 0x6558
                ? DecodeEthernet(frame, start + header, wire - header, ref segment, depth)
                : DecodeEtherType(frame, start + header, wire - header, protocol, ref segment, depth);
        }

        if ((destinationPort == 2152 || sourcePort == 2152) && tunnel[0] >> 5 == 1 && tunnel[1] == 0xFF)
        {
            return DecodeGtpUser(frame, start, wire, ref segment, depth);
        }

        return DecodeOutcome.NotTcp;
    }

    private static DecodeOutcome DecodeGtpUser(ReadOnlySpan<byte> frame, int offset, int wire, ref TcpSegment segment, int depth)
    {
        var gtp = frame[offset..];
        int header = 8;
        if ((gtp[0] & 0x07) != 0)
        {
            header = 12; // sequence number, N-PDU number and next extension type
            if (gtp.Length < header)
            {
                return DecodeOutcome.NotTcp;
            }

            byte next = gtp[11];
            while (next != 0)
            {
                if (gtp.Length < header + 1 || gtp[header] == 0)
                {
                    return DecodeOutcome.NotTcp;
                }

                int length = gtp[header] * 4;
                if (gtp.Length < header + length)
                {
                    return DecodeOutcome.NotTcp;
                }

                next = gtp[header + length - 1];
                header += length;
            }
        }

        return gtp.Length > header ? DecodeIp(gtp[header] >> 4, frame, offset + header, wire - header, ref segment, depth) : DecodeOutcome.NotTcp;
    }

    private static DecodeOutcome DecodeTcp(ReadOnlySpan<byte> frame, int offset, int tcpLength, ref TcpSegment segment)
    {
        if (tcpLength < 20)
        {
            return DecodeOutcome.BadTcpHeader;
        }

        // Wireshark analyses a segment whose capture holds the header up to the window, however much of the rest
        // (checksum, urgent pointer, options) the snap length cut; only the options are then unknown.
        if (frame.Length < offset + TcpBytesForAnalysis)
        {
            return DecodeOutcome.TruncatedTcpHeader;
        }

        var tcp = frame[offset..];
        int headerLength = (tcp[12] >> 4) * 4;
        if (headerLength < 20)
        {
            return DecodeOutcome.BadTcpHeader;
        }

        segment.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(tcp);
        segment.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]);
        segment.Sequence = BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]);
        segment.Acknowledgment = BinaryPrimitives.ReadUInt32BigEndian(tcp[8..]);
        segment.Flags = (TcpFlags)(BinaryPrimitives.ReadUInt16BigEndian(tcp[12..]) & 0x01FF);
        segment.Window = BinaryPrimitives.ReadUInt16BigEndian(tcp[14..]);
        if (headerLength > tcpLength)
        {
            return DecodeOutcome.ShortTcpSegment;
        }

        segment.HeaderLength = headerLength;
        segment.PayloadLength = tcpLength - headerLength;
        segment.PayloadOffset = offset + headerLength;
        segment.CapturedPayloadLength = Math.Clamp(frame.Length - segment.PayloadOffset, 0, segment.PayloadLength);
        // A snap length that cuts the header before its options leaves none, at the end of what was captured.
        segment.OptionsOffset = Math.Min(offset + 20, frame.Length);
        segment.OptionsLength = Math.Clamp(Math.Min(headerLength, tcp.Length) - 20, 0, 40);
        return DecodeOutcome.Tcp;
    }

    /// <summary>
    /// Reads the TCP options (MSS, window scale, SACK permitted, SACK blocks, timestamps) of a segment decoded
    /// from <paramref name="frame"/>; stops at the first malformed one. Separate from <see cref="Decode"/>
    /// because only SYNs' options matter to the analysis, and skipping the rest is a large part of the speed.
    /// </summary>
    public static TcpOptions ReadOptions(ReadOnlySpan<byte> frame, in TcpSegment segment)
    {
        var read = new TcpOptions { WindowScale = -1 };
        var options = frame.Slice(segment.OptionsOffset, segment.OptionsLength);
        int position = 0;
        while (position < options.Length)
        {
            byte kind = options[position];
            if (kind == 0)
            {
                return read;
            }

            if (kind == 1)
            {
                position++;
                continue;
            }

            if (position + 1 >= options.Length)
            {
                return read;
            }

            int length = options[position + 1];
            if (length < 2 || position + length > options.Length)
            {
                return read;
            }

            var value = options.Slice(position + 2, length - 2);
            switch (kind)
            {
                case 2 when length == 4:
                    read.Mss = BinaryPrimitives.ReadUInt16BigEndian(value);
                    break;
                case 3 when length == 3:
                    read.WindowScale = (sbyte)Math.Min(value[0], (byte)14);
                    break;
                case 4 when length == 2:
                    read.SackPermitted = true;
                    break;
                case 5:
                    int blocks = Math.Min(value.Length / 8, TcpOptions.MaxSackBlocks);
                    for (int i = 0; i < blocks; i++)
                    {
                        read.Sack[2 * i] = BinaryPrimitives.ReadUInt32BigEndian(value[(8 * i)..]);
                        read.Sack[(2 * i) + 1] = BinaryPrimitives.ReadUInt32BigEndian(value[((8 * i) + 4)..]);
                    }

                    read.SackBlockCount = (byte)blocks;
                    break;
                case 8 when length == 10:
                    read.HasTimestamps = true;
                    read.TimestampValue = BinaryPrimitives.ReadUInt32BigEndian(value);
                    read.TimestampEcho = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
                    break;
            }

            position += length;
        }

        return read;
    }
}
