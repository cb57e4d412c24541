using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Decoding;

/// <summary>
/// 802.2 LLC carrying IP, as tshark decodes it: on FDDI (link type 10), in 802.3 frames (an Ethernet length instead
/// of a type, VLAN-tagged or not), and in Linux SLL's LLC protocol; SNAP with an EtherType, or IPv4's own SAP.
/// </summary>
public class LlcLinkTests
{
    private static readonly byte[] Addresses = [0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1];

    private static byte[] Snap(ushort etherType) => [0xAA, 0xAA, 0x03, 0, 0, 0, (byte)(etherType >> 8), (byte)etherType];

    private static byte[] Ieee8023(byte[] tag, byte[] body) =>
        [.. Addresses, .. tag, (byte)(body.Length >> 8), (byte)body.Length, .. body];

    /// <summary>Wraps an IPv4 packet (and its version) in one of the link layers; gives the link type too.</summary>
    private static (int LinkType, byte[] Frame) Wrap(string layer, byte[] ip) => layer switch
    {
        "fddi" => (10, [0x50, .. Addresses, .. Snap(0x0800), .. ip]),
        "fddi-ipv6" => (10, [0x50, .. Addresses, .. Snap(0x86DD), .. ip]),
        "802.3-snap" => (1, Ieee8023([], [.. Snap(0x0800), .. ip])),
        "802.3-ip-sap" => (1, Ieee8023([], [0x06, 0x06, 0x03, .. ip])),
        "802.1q-802.3-snap" => (1, [.. Addresses, 0x81, 0x00, 0x00, 0x05, (byte)((ip.Length + 8) >> 8), (byte)(ip.Length + 8), .. Snap(0x0800), .. ip]),
        "sll-llc" => (113, [0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x00, 0x04, .. Snap(0x0800), .. ip]),
        _ => throw new ArgumentOutOfRangeException(nameof(layer)),
    };

    public static TheoryData<string> Layers => ["fddi", "fddi-ipv6", "802.3-snap", "802.3-ip-sap", "802.1q-802.3-snap", "sll-llc"];

    [Theory]
    [MemberData(nameof(Layers))]
    public void Conversation_OverLlc_IsAnalyzedAsTsharkAnalysesIt(string layer)
    {
        bool ipv6 = layer.EndsWith("ipv6", StringComparison.Ordinal);
        var scenario = Scenario.Start(ipv6: ipv6).Handshake()
            .Client(20, 1, 1, len: 100, flags: "PA")
            .Server(30, 1, 101)
            .Server(31, 1, 101)
            .Server(32, 1, 101);
        int linkType = 0;
        var packets = scenario.Packets(0).Select(p =>
        {
            (linkType, byte[] frame) = Wrap(layer, p.Data[14..]);
            return p with { Data = frame };
        }).ToList();
        byte[] capture = PcapFileBuilder.Build(packets, linkType, nanoseconds: true);

        var result = Scenario.Analyze(capture);

        Assert.Equal(packets.Count, result.Statistics.TcpPackets);
        Assert.Equal("duplicate_ack", result.FlagsOf(6));
        if (TsharkOracle.IsAvailable)
        {
            Assert.Equal(TsharkOracle.Flags(capture).OrderBy(f => f.Key), result.FlaggedFrames().OrderBy(f => f.Key));
        }
    }

    [Theory]
    [InlineData(LinkType.Fddi, new byte[] { 0x41, 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00 })] // SMT, not LLC
    [InlineData(LinkType.Ethernet, new byte[] { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x00, 0x08, 0xAA, 0xAA, 0x03, 0x00, 0x00, 0x0C, 0x08, 0x00 })] // Cisco's SNAP code
    [InlineData(LinkType.Ethernet, new byte[] { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x00, 0x08, 0xFF, 0xFF, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00 })] // Novell's raw 802.3
    [InlineData(LinkType.Ethernet, new byte[] { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x00, 0x08, 0xAA, 0xAA, 0xAF, 0x00, 0x00, 0x00, 0x08, 0x00 })] // XID, not UI
    [InlineData(LinkType.LinuxSll, new byte[] { 0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x00, 0x01, 0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00 })] // SLL's Novell code
    public void LlcThatCarriesNoIp_IsNotIp(LinkType link, byte[] header)
    {
        var segment = default(TcpSegment);
        byte[] frame = [.. header, .. PacketFactory.RawIp(new TcpSpec())];

        Assert.Equal(DecodeOutcome.NotIp, PacketDecoder.Decode(link, frame, frame.Length, ref segment));
    }

    [Fact]
    public void Fddi_CutInsideTheSnapHeader_IsATruncatedLinkHeader()
    {
        var segment = default(TcpSegment);
        byte[] frame = [0x50, .. Addresses, 0xAA, 0xAA, 0x03, 0];

        Assert.Equal(DecodeOutcome.TruncatedLinkHeader, PacketDecoder.Decode(LinkType.Fddi, frame, 1500, ref segment));
    }
}
