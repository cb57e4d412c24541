using System.Net;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Pipeline;

/// <summary>
/// AnalysisOptions.MaxConnections: past the cap, a new connection evicts one of its shard, the oldest SYN never
/// answered first, then the connection idle longest; evictions are counted; the connections that matter keep their verdicts.
/// </summary>
public class ConnectionCapTests
{
    private static readonly IPAddress Server = IPAddress.Parse("10.0.0.2");

    /// <summary>Two connections a shard.</summary>
    private static readonly AnalysisOptions Capped = new() { MaxConnections = 2 * FlowShard.Count };

    [Fact]
    public void ASynFlood_EvictsTheUnansweredSyns_AndTheSshConnectionWithAnOutageKeepsItsVerdict()
    {
        // An SSH connection with a 3 s outage (the client retransmits, then the server answers), and 2,000 SYNs from
        // distinct sources (and the same port, 40000, to port 22), all in its shard, during the outage.
        var ssh = Scenario.Start(clientPort: 40000).Handshake().Client(20, 1, 1, len: 100, flags: "PA")
            .Client(220, 1, 1, len: 100, flags: "PA").Client(620, 1, 1, len: 100, flags: "PA").Client(1420, 1, 1, len: 100, flags: "PA")
            .Client(3020, 1, 1, len: 100, flags: "PA").Server(3030, 1, 101).Client(4000, 101, 1, len: 10, flags: "PA").Server(4010, 1, 111);
        int shard = new FlowKey(IpAddress.Parse("10.0.0.1"), 40000, IpAddress.FromIPAddress(Server), 22).Shard;
        var flood = Sources(shard).Take(2000).Select((source, i) =>
            new TestPacket(Scenario.StartNs + 100_000_000 + (i * 1_000_000L), PacketFactory.Ethernet(new TcpSpec { Source = source, Destination = Server, Flags = "S", Sequence = 7 })));
        byte[] alone = ssh.ToPcap();
        byte[] flooded = PcapFileBuilder.Build([.. ssh.Packets(0).Concat(flood).OrderBy(p => p.TimestampNs)], nanoseconds: true);

        var (aloneSink, aloneStatistics) = Run(alone, Capped);
        var (floodSink, floodStatistics) = Run(flooded, Capped);

        Assert.Equal(0, aloneStatistics.EvictedConnections);
        Assert.Equal(1999, floodStatistics.EvictedConnections); // the shard holds the SSH connection and the latest SYN
        Assert.Equal(2001, floodStatistics.Connections);
        var before = Assert.Single(aloneSink.Connections);
        var after = Assert.Single(floodSink.Connections, c => c.ClientAddress == IpAddress.Parse("10.0.0.1"));
        Assert.Equal(Verdict.Survived, before.Verdict);
        Assert.Equal((before.Verdict, before.State, before.OutageCount, before.LongestOutageSeconds, before.Packets),
            (after.Verdict, after.State, after.OutageCount, after.LongestOutageSeconds, after.Packets));
        Assert.True(before.OutageCount > 0);
    }

    [Fact]
    public void WhenEveryConnectionWasAnswered_TheOneIdleLongestIsEvicted()
    {
        // Three answered connections in one shard of two: the first is seen again after the second, so the second,
        // idle longest, makes room for the third.
        var client = IPAddress.Parse("10.0.0.1");
        var ports = Enumerable.Range(40000, 20_000).Select(p => (ushort)p)
            .Where(p => new FlowKey(IpAddress.FromIPAddress(client), p, IpAddress.FromIPAddress(Server), 22).Shard == 5).Take(3).ToArray();
        var packets = new List<TestPacket>();
        void Handshake(ushort port, long ms)
        {
            packets.Add(new TestPacket(Scenario.StartNs + (ms * 1_000_000), PacketFactory.Ethernet(new TcpSpec { SourcePort = port, Flags = "S", Sequence = 1 })));
            packets.Add(new TestPacket(Scenario.StartNs + ((ms + 1) * 1_000_000), PacketFactory.Ethernet(new TcpSpec
            {
                Source = Server, Destination = client, SourcePort = 22, DestinationPort = port, Flags = "SA", Sequence = 9, Acknowledgment = 2,
            })));
        }

        Handshake(ports[0], 0);
        Handshake(ports[1], 10);
        packets.Add(new TestPacket(Scenario.StartNs + 20_000_000, PacketFactory.Ethernet(new TcpSpec { SourcePort = ports[0], Sequence = 2, Acknowledgment = 10 })));
        Handshake(ports[2], 30);

        var (sink, statistics) = Run(PcapFileBuilder.Build(packets, nanoseconds: true), Capped);

        Assert.Equal(1, statistics.EvictedConnections);
        Assert.Equal(ports[1], sink.Connections[0].ClientPort); // finished first, when the third started
        Assert.Equal(3, sink.Connections.Count);
    }

    /// <summary>Distinct source addresses whose connection to the server's port 22 falls in <paramref name="shard"/>.</summary>
    private static IEnumerable<IPAddress> Sources(int shard)
    {
        for (int i = 0; ; i++)
        {
            var address = new IPAddress([172, (byte)(16 + (i >> 16)), (byte)(i >> 8), (byte)i]);
            if (new FlowKey(IpAddress.FromIPAddress(address), 40000, IpAddress.FromIPAddress(Server), 22).Shard == shard)
            {
                yield return address;
            }
        }
    }

    private static (RecordingSink Sink, FileStatistics Statistics) Run(byte[] capture, AnalysisOptions options)
    {
        var sink = new RecordingSink();
        using var reader = CaptureReader.FromStream(new MemoryStream(capture), "cap.pcap");
        return (sink, CaptureFileAnalysis.Run(reader, options, sink, cancellation: TestContext.Current.CancellationToken));
    }
}
