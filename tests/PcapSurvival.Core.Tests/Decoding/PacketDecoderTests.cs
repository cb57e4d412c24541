using System.Buffers.Binary;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Decoding;

public class PacketDecoderTests
{
    private static readonly TcpSpec Spec = new() { SourcePort = 1234, DestinationPort = 22, Sequence = 77, Acknowledgment = 88, Flags = "PA", PayloadLength = 5 };

    private static byte[] Ip => PacketFactory.RawIp(Spec);

    private static byte[] Ip6 => PacketFactory.RawIp(Spec with { Source = System.Net.IPAddress.Parse("2001:db8::1"), Destination = System.Net.IPAddress.Parse("2001:db8::2") });

    private static (DecodeOutcome Outcome, TcpSegment Segment) Decode(LinkType link, byte[] frame, int originalLength = -1)
    {
        var segment = default(TcpSegment);
        var outcome = PacketDecoder.Decode(link, frame, originalLength < 0 ? frame.Length : originalLength, ref segment);
        if (outcome == DecodeOutcome.Tcp)
        {
            segment.WindowScale = PacketDecoder.ReadOptions(frame, segment).WindowScale;
        }

        return (outcome, segment);
    }

    private static void AssertIsTheSpec((DecodeOutcome Outcome, TcpSegment Segment) result)
    {
        Assert.Equal(DecodeOutcome.Tcp, result.Outcome);
        Assert.Equal(1234, result.Segment.SourcePort);
        Assert.Equal(22, result.Segment.DestinationPort);
        Assert.Equal(77u, result.Segment.Sequence);
        Assert.Equal(88u, result.Segment.Acknowledgment);
        Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, result.Segment.Flags);
        Assert.Equal(5, result.Segment.PayloadLength);
    }

    private static byte[] Ethernet(ushort etherType, params byte[][] parts) =>
        [.. new byte[12], (byte)(etherType >> 8), (byte)etherType, .. parts.SelectMany(p => p)];

    [Fact]
    public void Ethernet_IPv4() => AssertIsTheSpec(Decode(LinkType.Ethernet, PacketFactory.Ethernet(Spec)));

    [Fact]
    public void Ethernet_IPv6() => AssertIsTheSpec(Decode(LinkType.Ethernet, Ethernet(0x86DD, Ip6)));

    [Fact]
    public void Vlan_8021Q() => AssertIsTheSpec(Decode(LinkType.Ethernet, Ethernet(0x8100, [0, 42, 0x08, 0x00], Ip)));

    [Fact]
    public void QinQ_8021ad_Then_8021Q() => AssertIsTheSpec(Decode(LinkType.Ethernet, Ethernet(0x88A8, [0, 1, 0x81, 0x00], [0, 2, 0x08, 0x00], Ip)));

    [Fact]
    public void LinuxCooked_Sll() => AssertIsTheSpec(Decode(LinkType.LinuxSll, [.. new byte[14], 0x08, 0x00, .. Ip]));

    [Fact]
    public void LinuxCooked_Sll2() => AssertIsTheSpec(Decode(LinkType.LinuxSll2, [0x86, 0xDD, .. new byte[18], .. Ip6]));

    [Theory]
    [InlineData(LinkType.Raw)]
    [InlineData(LinkType.RawLegacy)]
    [InlineData(LinkType.RawAlternative)]
    [InlineData(LinkType.IPv4)]
    public void RawIp_IPv4(LinkType link) => AssertIsTheSpec(Decode(link, Ip));

    [Theory]
    [InlineData(LinkType.Raw)]
    [InlineData(LinkType.IPv6)]
    public void RawIp_IPv6(LinkType link) => AssertIsTheSpec(Decode(link, Ip6));

    [Theory]
    [InlineData(LinkType.Null, 2u, false)]
    [InlineData(LinkType.Null, 2u, true)]
    [InlineData(LinkType.Loop, 2u, true)]
    [InlineData(LinkType.Loop, 2u, false)]
    [InlineData(LinkType.Null, 30u, false)]
    [InlineData(LinkType.Null, 24u, true)]
    public void BsdLoopback_EitherByteOrder(LinkType link, uint family, bool bigEndian)
    {
        var header = new byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, family);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, family);
        }

        AssertIsTheSpec(Decode(link, [.. header, .. family == 2 ? Ip : Ip6]));
    }

    [Fact]
    public void IPv4_WithOptions()
    {
        byte[] ip = Ip;
        byte[] withOptions = [(byte)(0x40 | 7), .. ip[1..20], .. new byte[] { 1, 1, 1, 1, 1, 1, 1, 0 }, .. ip[20..]];
        BinaryPrimitives.WriteUInt16BigEndian(withOptions.AsSpan(2), (ushort)withOptions.Length);

        AssertIsTheSpec(Decode(LinkType.Raw, withOptions));
    }

    [Fact]
    public void IPv4_NonFirstFragment_IsCountedNotDecoded()
    {
        byte[] ip = Ip;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(6), 185); // fragment offset 185 * 8

        Assert.Equal(DecodeOutcome.IpFragment, Decode(LinkType.Raw, ip).Outcome);
    }

    [Fact]
    public void IPv6_ExtensionHeaderChain_IsFollowedToTcp()
    {
        byte[] ip6 = Ip6;
        byte[] hopByHop = [60, 0, 1, 4, 0, 0, 0, 0];                                   // next: destination options, 8 bytes
        byte[] destination = [43, 1, 1, 12, .. new byte[12]];                         // next: routing, 16 bytes
        byte[] routing = [44, 0, 0, 0, 0, 0, 0, 0];                                   // next: fragment
        byte[] fragment = [51, 0, 0, 0, 0, 0, 0, 1];                                  // offset 0: first fragment; next: AH
        byte[] authentication = [6, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1];                 // (1 + 2) * 4 = 12 bytes; next: TCP
        byte[] headers = [.. hopByHop, .. destination, .. routing, .. fragment, .. authentication];
        byte[] packet = [.. ip6[..40], .. headers, .. ip6[40..]];
        packet[6] = 0; // first: hop-by-hop
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(packet.Length - 40));

        AssertIsTheSpec(Decode(LinkType.Raw, packet));
    }

    [Fact]
    public void TcpOptions_AreAllRead()
    {
        var spec = Spec with { Mss = 1460, WindowScale = 7, SackPermitted = true, SackBlocks = [(100, 200), (300, 400)] };

        byte[] frame = PacketFactory.Ethernet(spec);

        var (outcome, segment) = Decode(LinkType.Ethernet, frame);
        var options = PacketDecoder.ReadOptions(frame, segment);

        Assert.Equal(DecodeOutcome.Tcp, outcome);
        Assert.Equal(7, segment.WindowScale);
        Assert.Equal(1460, options.Mss);
        Assert.Equal(7, options.WindowScale);
        Assert.True(options.SackPermitted);
        Assert.Equal(2, options.SackBlockCount);
        Assert.Equal((300u, 400u), (options.SackLeft(1), options.SackRight(1)));
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 0 })]          // zero-length option: must not loop
    [InlineData(new byte[] { 1, 1, 2, 40 })]         // option longer than the header
    [InlineData(new byte[] { 3, 1, 0, 0 })]          // length 1 is impossible
    public void TcpOptions_Malformed_AreIgnoredSafely(byte[] options)
    {
        byte[] ip = Ip;
        byte[] tcp = ip[20..];
        byte[] withOptions = [.. tcp[..12], (byte)(0x60 | (tcp[12] & 0x0F)), .. tcp[13..20], .. options, .. tcp[20..]];
        byte[] packet = [.. ip[..20], .. withOptions];
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);

        var (outcome, segment) = Decode(LinkType.Raw, packet);

        Assert.Equal(DecodeOutcome.Tcp, outcome);
        Assert.Equal(5, segment.PayloadLength);
        Assert.Equal(-1, segment.WindowScale);
    }

    [Fact]
    public void SnaplenTruncation_KeepsThePayloadLengthFromTheIpHeader()
    {
        byte[] full = PacketFactory.Ethernet(Spec with { PayloadLength = 1400 });

        var (outcome, segment) = Decode(LinkType.Ethernet, full[..96], originalLength: full.Length);

        Assert.Equal(DecodeOutcome.Tcp, outcome);
        Assert.Equal(1400, segment.PayloadLength);
        Assert.Equal(96 - 54, segment.CapturedPayloadLength);
    }

    [Fact]
    public void TruncatedInsideTheTcpHeader_IsCounted()
    {
        byte[] full = PacketFactory.Ethernet(Spec);

        Assert.Equal(DecodeOutcome.TruncatedTcpHeader, Decode(LinkType.Ethernet, full[..40], originalLength: full.Length).Outcome);
    }

    [Theory]
    [InlineData(LinkType.Ethernet, 10, DecodeOutcome.TruncatedLinkHeader)]
    [InlineData(LinkType.Raw, 12, DecodeOutcome.TruncatedIpHeader)]
    [InlineData((LinkType)147, 40, DecodeOutcome.UnsupportedLinkType)]
    public void ShortOrUnknown_GivesTheReason(LinkType link, int length, DecodeOutcome expected) =>
        Assert.Equal(expected, Decode(link, PacketFactory.Ethernet(Spec)[(link == LinkType.Raw ? 14 : 0)..][..length]).Outcome);

    [Fact]
    public void Arp_IsNotIp() => Assert.Equal(DecodeOutcome.NotIp, Decode(LinkType.Ethernet, Ethernet(0x0806, new byte[28])).Outcome);

    [Fact]
    public void Udp_IsNotTcp()
    {
        byte[] ip = Ip;
        ip[9] = 17;

        Assert.Equal(DecodeOutcome.NotTcp, Decode(LinkType.Raw, ip).Outcome);
    }

    [Fact]
    public void IpInIp_DecodesTheInnerSegment()
    {
        byte[] inner = Ip;
        byte[] outer = [.. inner[..20], .. inner];
        outer[9] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(outer.AsSpan(2), (ushort)outer.Length);

        AssertIsTheSpec(Decode(LinkType.Raw, outer));
    }

    [Fact]
    public void Gre_DecodesTheInnerSegment()
    {
        byte[] inner = Ip;
        byte[] outer = [.. inner[..20], 0x20, 0x00, 0x08, 0x00, 0, 0, 0, 7, .. inner]; // key present
        outer[9] = 47;
        BinaryPrimitives.WriteUInt16BigEndian(outer.AsSpan(2), (ushort)outer.Length);

        AssertIsTheSpec(Decode(LinkType.Raw, outer));
    }

    [Fact]
    public void Vxlan_DecodesTheInnerEthernetFrame()
    {
        byte[] inner = PacketFactory.Ethernet(Spec);
        byte[] udp = [0x30, 0x39, 0x12, 0xB5, 0, 0, 0, 0, 0x08, 0, 0, 0, 0, 0, 1, 0, .. inner];
        byte[] outer = [.. Ip[..20], .. udp];
        outer[9] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(outer.AsSpan(2), (ushort)outer.Length);

        AssertIsTheSpec(Decode(LinkType.Raw, outer));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ZeroIpLength_WithAHugeOriginalLength_CountsNoMoreThanTheLargestOffloadedPacket(bool ipv6)
    {
        // Length 0 is what segmentation offload leaves; the record's original length of 2 GB is not believable.
        byte[] frame = ipv6 ? Ip6 : Ip;
        frame[ipv6 ? 4 : 2] = 0;
        frame[ipv6 ? 5 : 3] = 0;

        var (outcome, segment) = Decode(LinkType.Raw, frame, originalLength: int.MaxValue);

        Assert.Equal(DecodeOutcome.Tcp, outcome);
        Assert.Equal((512 * 1024) - (ipv6 ? 40 : 20) - 20, segment.PayloadLength);
    }
}
