using System.Buffers.Binary;
using PcapSurvival.Core.Reading;

namespace PcapSurvival.Core.Decoding;

/// <summary>
/// Decodes link, IP and TCP headers straight from the packet bytes into a <see cref="TcpSegment"/>.
/// Every read is bounds-checked and nothing is allocated; a packet that is not TCP, or is broken,
/// gives the reason instead of throwing.
/// </summary>
public static class PacketDecoder
{
    private const int MaxVlanTags = 4;
    private const int MaxIpv6ExtensionHeaders = 16;

    /// <param name="linkType">The packet's link-layer header type.</param>
    /// <param name="frame">The captured bytes.</param>
    /// <param name="originalLength">The packet's length on the wire, to tell snap-length truncation from a lying IP header.</param>
    /// <param name="segment">Filled in when the result is <see cref="DecodeOutcome.Tcp"/>.</param>
    public static DecodeOutcome Decode(LinkType linkType, ReadOnlySpan<byte> frame, int originalLength, ref TcpSegment segment)
    {
        int offset;
        int version;
        switch (linkType)
        {
            case LinkType.Ethernet:
                if (frame.Length < 14)
                {
                    return DecodeOutcome.TruncatedLinkHeader;
                }

                offset = 14;
                version = EtherTypeToIpVersion(frame, BinaryPrimitives.ReadUInt16BigEndian(frame[12..]), ref offset);
                break;
            case LinkType.LinuxSll:
                if (frame.Length < 16)
                {
                    return DecodeOutcome.TruncatedLinkHeader;
                }

                offset = 16;
                version = EtherTypeToIpVersion(frame, BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), ref offset);
                break;
            case LinkType.LinuxSll2:
                if (frame.Length < 20)
                {
                    return DecodeOutcome.TruncatedLinkHeader;
                }

                offset = 20;
                version = EtherTypeToIpVersion(frame, BinaryPrimitives.ReadUInt16BigEndian(frame), ref offset);
                break;
            case LinkType.Null:
            case LinkType.Loop:
                if (frame.Length < 4)
                {
                    return DecodeOutcome.TruncatedLinkHeader;
                }

                offset = 4;
                version = LoopbackFamilyToIpVersion(BinaryPrimitives.ReadUInt32LittleEndian(frame));
                break;
            case LinkType.Raw:
            case LinkType.RawLegacy:
            case LinkType.RawAlternative:
                offset = 0;
                version = frame.Length > 0 ? frame[0] >> 4 : -1;
                break;
            case LinkType.IPv4:
                offset = 0;
                version = 4;
                break;
            case LinkType.IPv6:
                offset = 0;
                version = 6;
                break;
            default:
                return DecodeOutcome.UnsupportedLinkType;
        }

        if (version == -1)
        {
            return DecodeOutcome.TruncatedLinkHeader;
        }

        // Bytes of this packet that were on the wire from the IP header on, captured or not.
        int wireLength = Math.Max(originalLength, frame.Length) - offset;
        return version switch
        {
            4 => DecodeIPv4(frame, offset, wireLength, ref segment),
            6 => DecodeIPv6(frame, offset, wireLength, ref segment),
            _ => DecodeOutcome.NotIp,
        };
    }

    /// <summary>Follows VLAN tags, PPPoE and MPLS to the IP version inside, or 0 when it is not IP.</summary>
    private static int EtherTypeToIpVersion(ReadOnlySpan<byte> frame, ushort etherType, ref int offset)
    {
        for (int tags = 0; tags <= MaxVlanTags; tags++)
        {
            switch (etherType)
            {
                case 0x0800:
                    return 4;
                case 0x86DD:
                    return 6;
                case 0x8100:
                case 0x88A8:
                case 0x9100:
                    if (frame.Length < offset + 4)
                    {
                        return -1;
                    }

                    etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
                    offset += 4;
                    continue;
                case 0x8864: // PPPoE session: 6-byte header, then the PPP protocol number
                    if (frame.Length < offset + 8)
                    {
                        return -1;
                    }

                    ushort ppp = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 6)..]);
                    offset += 8;
                    return ppp switch { 0x0021 => 4, 0x0057 => 6, _ => 0 };
                case 0x8847:
                case 0x8848:
                    return SkipMplsLabels(frame, ref offset);
                default:
                    return 0;
            }
        }

        return 0;
    }

    private static int SkipMplsLabels(ReadOnlySpan<byte> frame, ref int offset)
    {
        while (true)
        {
            if (frame.Length < offset + 4)
            {
                return -1;
            }

            bool bottom = (frame[offset + 2] & 0x01) != 0;
            offset += 4;
            if (bottom)
            {
                return frame.Length > offset ? frame[offset] >> 4 : -1;
            }
        }
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

    private static DecodeOutcome DecodeIPv4(ReadOnlySpan<byte> frame, int offset, int wireLength, ref TcpSegment segment)
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
        if (totalLength == 0)
        {
            totalLength = wireLength; // TCP segmentation offload leaves the length field zero
        }

        if (headerLength < 20 || totalLength < headerLength || totalLength > wireLength)
        {
            return DecodeOutcome.BadIpHeader;
        }

        if (ip.Length < headerLength)
        {
            return DecodeOutcome.TruncatedIpHeader;
        }

        ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        if ((fragment & 0x3FFF) != 0)
        {
            return DecodeOutcome.IpFragment; // fragments are not reassembled: count them instead
        }

        if (ip[9] != 6)
        {
            return DecodeOutcome.NotTcp;
        }

        segment.Source = IpAddress.FromV4(ip[12..]);
        segment.Destination = IpAddress.FromV4(ip[16..]);
        segment.IpId = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        return DecodeTcp(frame, offset + headerLength, totalLength - headerLength, ref segment);
    }

    private static DecodeOutcome DecodeIPv6(ReadOnlySpan<byte> frame, int offset, int wireLength, ref TcpSegment segment)
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
        if (payloadLength == 0)
        {
            payloadLength = wireLength - 40; // jumbogram or offload: the wire length is all there is
        }

        if (40 + payloadLength > wireLength)
        {
            return DecodeOutcome.BadIpHeader;
        }

        byte next = ip[6];
        int position = 40;
        for (int headers = 0; next != 6; headers++)
        {
            if (headers == MaxIpv6ExtensionHeaders)
            {
                return DecodeOutcome.BadIpHeader;
            }

            int length;
            switch (next)
            {
                case 0: // hop-by-hop options
                case 43: // routing
                case 60: // destination options
                    if (ip.Length < position + 2)
                    {
                        return DecodeOutcome.TruncatedIpHeader;
                    }

                    length = (ip[position + 1] + 1) * 8;
                    break;
                case 44: // fragment
                    if (ip.Length < position + 8)
                    {
                        return DecodeOutcome.TruncatedIpHeader;
                    }

                    if ((BinaryPrimitives.ReadUInt16BigEndian(ip[(position + 2)..]) & 0xFFF9) != 0)
                    {
                        return DecodeOutcome.IpFragment;
                    }

                    length = 8;
                    break;
                case 51: // authentication header
                    if (ip.Length < position + 2)
                    {
                        return DecodeOutcome.TruncatedIpHeader;
                    }

                    length = (ip[position + 1] + 2) * 4;
                    break;
                default:
                    return DecodeOutcome.NotTcp;
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
        return DecodeTcp(frame, offset + position, 40 + payloadLength - position, ref segment);
    }

    private static DecodeOutcome DecodeTcp(ReadOnlySpan<byte> frame, int offset, int tcpLength, ref TcpSegment segment)
    {
        if (tcpLength < 20)
        {
            return DecodeOutcome.BadTcpHeader;
        }

        if (frame.Length < offset + 20)
        {
            return DecodeOutcome.TruncatedTcpHeader;
        }

        var tcp = frame[offset..];
        int headerLength = (tcp[12] >> 4) * 4;
        if (headerLength < 20 || headerLength > tcpLength)
        {
            return DecodeOutcome.BadTcpHeader;
        }

        segment.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(tcp);
        segment.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]);
        segment.Sequence = BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]);
        segment.Acknowledgment = BinaryPrimitives.ReadUInt32BigEndian(tcp[8..]);
        segment.Flags = (TcpFlags)(BinaryPrimitives.ReadUInt16BigEndian(tcp[12..]) & 0x01FF);
        segment.Window = BinaryPrimitives.ReadUInt16BigEndian(tcp[14..]);
        segment.HeaderLength = headerLength;
        segment.PayloadLength = tcpLength - headerLength;
        segment.PayloadOffset = offset + headerLength;
        segment.CapturedPayloadLength = Math.Clamp(frame.Length - segment.PayloadOffset, 0, segment.PayloadLength);
        ParseOptions(tcp[20..Math.Min(headerLength, tcp.Length)], ref segment);
        return DecodeOutcome.Tcp;
    }

    /// <summary>Reads the options Wireshark's analysis and ours use; stops at the first malformed one.</summary>
    private static void ParseOptions(ReadOnlySpan<byte> options, ref TcpSegment segment)
    {
        segment.Mss = 0;
        segment.WindowScale = -1;
        segment.SackPermitted = false;
        segment.HasTimestamps = false;
        segment.SackBlockCount = 0;
        int position = 0;
        while (position < options.Length)
        {
            byte kind = options[position];
            if (kind == 0)
            {
                return;
            }

            if (kind == 1)
            {
                position++;
                continue;
            }

            if (position + 1 >= options.Length)
            {
                return;
            }

            int length = options[position + 1];
            if (length < 2 || position + length > options.Length)
            {
                return;
            }

            var value = options.Slice(position + 2, length - 2);
            switch (kind)
            {
                case 2 when length == 4:
                    segment.Mss = BinaryPrimitives.ReadUInt16BigEndian(value);
                    break;
                case 3 when length == 3:
                    segment.WindowScale = (sbyte)Math.Min(value[0], (byte)14);
                    break;
                case 4 when length == 2:
                    segment.SackPermitted = true;
                    break;
                case 5:
                    int blocks = Math.Min(value.Length / 8, TcpSegment.MaxSackBlocks);
                    for (int i = 0; i < blocks; i++)
                    {
                        segment.Sack[2 * i] = BinaryPrimitives.ReadUInt32BigEndian(value[(8 * i)..]);
                        segment.Sack[(2 * i) + 1] = BinaryPrimitives.ReadUInt32BigEndian(value[((8 * i) + 4)..]);
                    }

                    segment.SackBlockCount = (byte)blocks;
                    break;
                case 8 when length == 10:
                    segment.HasTimestamps = true;
                    segment.TimestampValue = BinaryPrimitives.ReadUInt32BigEndian(value);
                    segment.TimestampEcho = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
                    break;
            }

            position += length;
        }
    }
}
