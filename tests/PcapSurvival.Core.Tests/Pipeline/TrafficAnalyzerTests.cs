using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Pipeline;

public class TrafficAnalyzerTests
{
    [Fact]
    public void IdleConnections_AreFinishedByCaptureTime_SoMemoryStaysBounded()
    {
        var options = new AnalysisOptions { IdleTimeout = TimeSpan.FromSeconds(10), FinishedTimeout = TimeSpan.FromSeconds(1) };
        var scenario = Scenario.Start().Handshake().Client(20, 1, 1, len: 10);
        var other = Scenario.Start(clientPort: 40001).Handshake();

        // A second connection 60 s later: by then the first has been idle for longer than the timeout.
        var result = Run([.. scenario.Packets(0), .. other.Packets(60_000)], options);

        Assert.Equal(2, result.Sink.Connections.Count);
        Assert.Equal(40000, result.Sink.Connections[0].ClientPort);
        Assert.Equal(5, result.Sink.PacketsBeforeFinished[0]); // finished at the next connection's first packet
        Assert.Equal(7, result.Sink.Packets.Count);
    }

    [Fact]
    public void AConnectionWhosePacketGoesBackInTime_IsIdleByTheCaptureClock()
    {
        // The only connection gets a packet at 100 s, then one stamped 40 s (merged captures, clock steps). Idleness
        // is measured on the capture clock, the latest time so far, which stays at 100 s: another connection's packets
        // at 75 s and 76 s do not find it idle, one at 131 s does (30 s timeout). Measured by each packet's own time,
        // whether it was found idle depended on which other connections shared its list (its thread).
        var options = new AnalysisOptions { IdleTimeout = TimeSpan.FromSeconds(30) };
        var first = Scenario.Start().Client(100_000, 1, 1, len: 10, flags: "PA").Client(40_000, 11, 1, len: 10, flags: "PA");
        var other = Scenario.Start(clientPort: 40001).Client(75_000, 1, 1, len: 10, flags: "PA").Client(76_000, 11, 1, len: 10, flags: "PA")
            .Client(131_000, 21, 1, len: 10, flags: "PA");

        var result = Run([.. first.Packets(0), .. other.Packets(0)], options);

        Assert.Equal(40000, result.Sink.Connections[0].ClientPort);
        Assert.Equal(5, result.Sink.PacketsBeforeFinished[0]); // finished at the other connection's packet at 131 s
    }

    [Fact]
    public void PortReuse_LongAfterTheFirstConnectionWasFinished_IsStillRecognised()
    {
        var first = Scenario.Start().Handshake().Client(20, 1, 1, flags: "FA").Server(30, 1, 2, flags: "FA").Client(31, 2, 2);
        var second = Scenario.Start(clientIsn: 777_777).Handshake();
        var packets = first.Packets(0).Concat(second.Packets(120_000)).ToList();

        var result = Run(packets, new AnalysisOptions());

        Assert.Equal(2, result.Sink.Connections.Count);
        var syn = result.Sink.Packets.Single(p => p.Frame == 7);
        Assert.Equal(AnalysisFlags.ReusedPorts, syn.Analysis);
        Assert.Equal(1, syn.Connection.Stream);
        if (TsharkOracle.IsAvailable)
        {
            Assert.Equal("reused_ports", TsharkOracle.Flags(PcapFileBuilder.Build(packets, nanoseconds: true))[7]);
        }
    }

    [Fact]
    public void PortReuse_IsRememberedForItsTime_ThenForgotten_AmongThousandsOfFinishedConnections()
    {
        var options = new AnalysisOptions { FinishedTimeout = TimeSpan.FromSeconds(1), PortReuseMemory = TimeSpan.FromSeconds(10) };
        var packets = new List<TestPacket>();
        packets.AddRange(Refused(clientPort: 1, isn: 100).Packets(0));

        // Enough other finished connections, long after the first, for the tombstones to be swept: a sweep that
        // dropped recent ones would lose port 2's.
        for (int i = 0; i < 1500; i++)
        {
            packets.AddRange(Refused(clientPort: (ushort)(1000 + i), isn: 100).Packets(20_000 + (i * 10)));
        }

        packets.AddRange(Refused(clientPort: 2, isn: 100).Packets(36_000));
        packets.AddRange(Refused(clientPort: 1, isn: 900).Packets(40_000)); // 40 s after its predecessor: forgotten
        packets.AddRange(Refused(clientPort: 2, isn: 900).Packets(40_001)); // 4 s after its predecessor: remembered

        var result = Run(packets, options);

        var reused = result.Sink.Packets.Where(p => p.Analysis == AnalysisFlags.ReusedPorts).ToList();
        Assert.Equal(2, Assert.Single(reused).Connection.ClientPort);
        Assert.Equal(1504, result.Statistics.Connections);
    }

    [Fact]
    public void PortReuse_IsRememberedForExactlyItsTime_WithoutWaitingForASweep()
    {
        var options = new AnalysisOptions { FinishedTimeout = TimeSpan.FromSeconds(1), PortReuseMemory = TimeSpan.FromSeconds(10) };
        var packets = new List<TestPacket>();
        packets.AddRange(Refused(clientPort: 1, isn: 100).Packets(0));
        packets.AddRange(Refused(clientPort: 3, isn: 100).Packets(1_000));
        packets.AddRange(Refused(clientPort: 9, isn: 100).Packets(5_000)); // finishes both of the above, at 5 s
        packets.AddRange(Refused(clientPort: 3, isn: 900).Packets(14_999)); // 9.999 s after: remembered
        packets.AddRange(Refused(clientPort: 1, isn: 900).Packets(15_001)); // 10.001 s after: forgotten

        var result = Run(packets, options);

        var reused = result.Sink.Packets.Where(p => p.Analysis == AnalysisFlags.ReusedPorts).ToList();
        Assert.Equal(3, Assert.Single(reused).Connection.ClientPort);
        Assert.Equal(5, result.Statistics.Connections);
    }

    private static Scenario Refused(ushort clientPort, uint isn) =>
        Scenario.Start(clientIsn: isn, clientPort: clientPort).Client(0, 0, 0, flags: "S").Server(1, 0, 1, flags: "RA");

    [Fact]
    public void FrameNumbers_CountEveryRecord_IncludingPacketsThatAreNotTcp()
    {
        byte[] arp = [.. new byte[12], 0x08, 0x06, .. new byte[28]];
        byte[] tcp = PacketFactory.Ethernet(new TcpSpec { Flags = "S" });
        var packets = new[] { new TestPacket(Scenario.StartNs, arp), new TestPacket(Scenario.StartNs + 1, tcp) };

        var result = Run(packets, new AnalysisOptions());

        Assert.Equal(2, result.Sink.Packets.Single().Frame);
        Assert.Equal(1, result.Statistics.Count(DecodeOutcome.NotIp));
        Assert.Equal(2, result.Statistics.Packets);
    }

    [Fact]
    public void StreamNumbers_FollowFirstAppearance()
    {
        var a = Scenario.Start(clientPort: 1).Handshake();
        var b = Scenario.Start(clientPort: 2).Handshake();

        var result = Run([.. b.Packets(0), .. a.Packets(1)], new AnalysisOptions());

        Assert.Equal([0L, 1L], result.Sink.Connections.OrderBy(c => c.ClientPort).Select(c => c.Stream).Reverse());
    }

    [Fact]
    public void RelativeSequenceNumbers_StartAtZeroForTheSynAndOneForTheFirstByte()
    {
        var result = Scenario.Start(clientIsn: 123456, serverIsn: 999).Handshake().Client(20, 1, 1, len: 5).Run();

        Assert.Equal([0u, 0u, 1u, 1u], result.Sink.Packets.Select(p => p.RelativeSeq));
        Assert.Equal([0u, 1u, 1u, 1u], result.Sink.Packets.Select(p => p.RelativeAck));
    }

    [Fact]
    public void HandshakeRtt_IsFromTheSynToTheCompletingAck()
    {
        var connection = Scenario.Start().Handshake(rttMs: 25).Run().Connections.Single();

        Assert.Equal(25_100_000, connection.HandshakeRttNs);
        Assert.Equal(ConnectionState.Established, connection.State);
        Assert.True(connection.IsSsh);
    }

    [Fact]
    public void WindowScaling_FromTheHandshake_ScalesLaterWindows()
    {
        var result = Scenario.Start().Handshake(clientScale: 7, serverScale: 2).Client(20, 1, 1, len: 5, window: 100).Run();

        Assert.Equal(12_800u, result.Sink.Packets[^1].WindowScaled);
        Assert.Equal(100, result.Sink.Packets[^1].Window);
    }

    [Fact]
    public void WindowScaleOption_OutsideTheHandshake_IsIgnored()
    {
        // Documented deviation: RFC 7323 says a window-scale option is only valid on a SYN; Wireshark would apply it.
        var result = Scenario.Start().Handshake(clientScale: 7, serverScale: 2)
            .Client(20, 1, 1, len: 5, window: 100, scale: 0)
            .Client(30, 6, 1, len: 5, window: 100)
            .Run();

        Assert.Equal(12_800u, result.Sink.Packets[^1].WindowScaled);
    }

    private static ScenarioResult Run(IEnumerable<TestPacket> packets, AnalysisOptions options)
    {
        var sink = new RecordingSink();
        using var reader = CaptureReader.FromStream(new MemoryStream(PcapFileBuilder.Build(packets, nanoseconds: true)), "t");
        return new ScenarioResult(sink, CaptureFileAnalysis.Run(reader, options, sink));
    }
}
