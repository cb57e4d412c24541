using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Decoding;

/// <summary>
/// A TCP header cut by the snap length. tshark analyses the packet when its capture holds the header up to the
/// window (16 bytes), whatever the cut leaves of the checksum and the options, so the packets after it count it
/// (here: the duplicate ACK that makes the next retransmission a fast one); the exception the cut raises then hides
/// the packet's own flags, which we show: the documented deviation class that tools/compare-tshark counts apart.
/// </summary>
public class CutTcpHeaderTests
{
    private const int CutFrame = 8;
    private const int RetransmissionFrame = 9;

    [Theory]
    [InlineData(12, false)]
    [InlineData(15, false)]
    [InlineData(16, true)]
    [InlineData(19, true)]
    [InlineData(24, true)] // inside the SACK option, as an IPv6 capture with SACK at snap length 96
    public void DuplicateAckCutBySnapLength_CountsAsTsharkCountsIt(int capturedTcpBytes, bool analyzed)
    {
        byte[] capture = Capture(capturedTcpBytes);

        var result = Scenario.Analyze(capture);

        Assert.Equal(analyzed ? "fast_retransmission" : "retransmission", result.FlagsOf(RetransmissionFrame));
        Assert.Equal(analyzed ? "duplicate_ack" : null, result.Sink.Packets.Any(p => p.Frame == CutFrame) ? result.FlagsOf(CutFrame) : null);
        if (TsharkOracle.IsAvailable)
        {
            var tshark = TsharkOracle.Flags(capture);
            Assert.False(tshark.ContainsKey(CutFrame), "tshark shows no flags on a packet whose TCP header was cut");
            Assert.Equal(tshark.OrderBy(f => f.Key), result.FlaggedFrames().Where(f => f.Key != CutFrame).OrderBy(f => f.Key));
        }
    }

    [Theory]
    [InlineData(15, DecodeOutcome.TruncatedTcpHeader)]
    [InlineData(16, DecodeOutcome.Tcp)]
    public void Decode_HeaderCutAfterTheWindow_IsTcpWithoutOptions(int capturedTcpBytes, DecodeOutcome expected)
    {
        byte[] whole = PacketFactory.RawIp(new TcpSpec { Sequence = 77, Acknowledgment = 88, Window = 500, SackBlocks = [(1, 2)] });
        byte[] cut = whole[..(20 + capturedTcpBytes)];
        var segment = default(TcpSegment);

        var outcome = PacketDecoder.Decode(LinkType.Raw, cut, whole.Length, ref segment);

        Assert.Equal(expected, outcome);
        if (outcome == DecodeOutcome.Tcp)
        {
            Assert.Equal((77u, 88u, (ushort)500, 0), (segment.Sequence, segment.Acknowledgment, segment.Window, segment.OptionsLength));
            Assert.Equal(0, segment.PayloadLength);
        }
    }

    /// <summary>A SYN cut inside its fixed header (AFL++ found the options read past the capture here).</summary>
    [Theory]
    [InlineData(16)]
    [InlineData(19)]
    [InlineData(21)]
    public void ReadOptions_SynCutBeforeOrInsideItsOptions_ReadsWhatWasCaptured(int capturedTcpBytes)
    {
        byte[] whole = PacketFactory.RawIp(new TcpSpec { Flags = "S", Sequence = 77, Mss = 1460 });
        byte[] cut = whole[..(20 + capturedTcpBytes)];
        var segment = default(TcpSegment);
        Assert.Equal(DecodeOutcome.Tcp, PacketDecoder.Decode(LinkType.Raw, cut, whole.Length, ref segment));

        var options = PacketDecoder.ReadOptions(cut, segment);

        Assert.Equal(((ushort)0, (sbyte)-1), (options.Mss, options.WindowScale));
    }

    /// <summary>Data, a lost segment, its ACK and two duplicates (the second cut), then the retransmission 8 ms later.</summary>
    private static byte[] Capture(int capturedTcpBytes)
    {
        var packets = Scenario.Start().Handshake(sack: true)
            .Client(20, 1, 1, len: 100, flags: "PA")
            .Client(21, 101, 1, len: 100, flags: "PA")
            .Server(30, 1, 101)
            .Server(31, 1, 101, sack: [(201, 301)])
            .Server(32, 1, 101, sack: [(201, 301)])
            .Client(40, 101, 1, len: 100, flags: "PA")
            .Packets(0).ToList();
        var cut = packets[CutFrame - 1];
        packets[CutFrame - 1] = cut with { Data = cut.Data[..(14 + 20 + capturedTcpBytes)], OriginalLength = cut.Data.Length };
        return PcapFileBuilder.Build(packets, nanoseconds: true);
    }
}
