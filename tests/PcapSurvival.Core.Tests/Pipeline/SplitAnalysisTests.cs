using System.Text;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Pipeline;

/// <summary>
/// With an order-free sink, CaptureFileAnalysis splits the connections between analyzing threads. Every connection
/// must finish exactly as on one thread (same packet, same time, same verdict), with the same stream number.
/// </summary>
public class SplitAnalysisTests
{
    [Theory]
    [InlineData(2, false, ManyConnections.Count)]
    [InlineData(3, true, ManyConnections.Count)]
    [InlineData(2, false, 6_000)] // over four batches of packets, read by the threads in turns
    [InlineData(3, true, 6_000)]
    public void ConnectionsSplitBetweenThreads_FinishExactlyAsOnOneThread(int threads, bool recycle, int connections)
    {
        byte[] capture = ManyConnections.Capture(connections);
        var options = ManyConnections.Options with { RecycleConnections = recycle };

        var (one, oneStatistics) = Record(capture, options with { AnalyzingThreads = 1 });
        var (split, splitStatistics) = Record(capture, options with { AnalyzingThreads = threads });

        Assert.Equal(connections, one.Connections.Count);
        Assert.Single(one.Threads);
        Assert.Equal(threads, split.Threads.Count); // really split

        // The same connections in the same final state, and the file's stream numbers given to each.
        Assert.Equal(one.Connections.Keys.Order(), split.Connections.Keys.Order());
        foreach (var (firstFrame, state) in one.Connections)
        {
            Assert.Equal(state, split.Connections[firstFrame]);
            Assert.Equal(one.StreamsOnFinish[firstFrame], split.AssignedStreams[firstFrame]);
        }

        Assert.Equal(oneStatistics.Packets, splitStatistics.Packets);
        Assert.Equal(oneStatistics.TcpPackets, splitStatistics.TcpPackets);
        Assert.Equal(oneStatistics.Connections, splitStatistics.Connections);
        Assert.Equal((oneStatistics.FirstTimestampNs, oneStatistics.LastTimestampNs), (splitStatistics.FirstTimestampNs, splitStatistics.LastTimestampNs));
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            Assert.Equal(oneStatistics.Count(verdict), splitStatistics.Count(verdict));
        }
    }

    [Fact]
    public void AFinishedConnection_IsForgottenOnTime_WhenOnlyTheOtherThreadHasPackets()
    {
        // Connection A closes at once; B, on the other thread, sends a packet every second for 100 s; then A's client
        // sends a SYN on A's ports with A's initial sequence number. On one thread, A was forgotten 60 s after it
        // closed, so the SYN starts a new connection. A thread that only woke up for its own packets would still
        // hold A and take the SYN for a retransmission of A's.
        var address = IpAddress.Parse("10.0.0.1");
        var server = IpAddress.Parse("10.0.0.2");
        int ThreadOf(int port) => PacketBatch.AnalyzerOf(new FlowKey(address, (ushort)port, server, 22).Shard, 2);
        ushort portA = (ushort)Enumerable.Range(40000, 1000).First(port => ThreadOf(port) == 1); // not the thread that completes the run
        ushort portB = (ushort)Enumerable.Range(40000, 1000).First(port => ThreadOf(port) == 0);

        var a = Scenario.Start(clientPort: portA).Handshake().Client(20, 1, 1, flags: "FA").Server(30, 1, 2, flags: "FA").Client(40, 2, 2);
        var b = Scenario.Start(clientPort: portB, clientIsn: 77_000).Handshake();
        for (int second = 1; second <= 100; second++)
        {
            b.Client(second * 1000, (uint)second, 1, len: 1, flags: "PA").Server((second * 1000) + 5, 1, (uint)second + 1);
        }

        var reuse = Scenario.Start(clientPort: portA).Client(0, 0, 0, flags: "S");
        byte[] capture = PcapFileBuilder.Build(
            [.. a.Packets(offsetMs: 0).Concat(b.Packets(offsetMs: 0)).Concat(reuse.Packets(offsetMs: 101_000)).OrderBy(p => p.TimestampNs)],
            nanoseconds: true);

        var (one, oneStatistics) = Record(capture, new AnalysisOptions { AnalyzingThreads = 1 });
        var (split, splitStatistics) = Record(capture, new AnalysisOptions { AnalyzingThreads = 2 });

        Assert.Equal(3, oneStatistics.Connections);
        Assert.Equal(3, splitStatistics.Connections);
        Assert.Equal(2, split.Threads.Count);
        Assert.Equal(one.Connections.OrderBy(c => c.Key), split.Connections.OrderBy(c => c.Key));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TimeGoingBackwards_GivesTheSameConnectionsOnOneThreadAndOnTwo(int threads)
    {
        // An ACK of connection A; a SYN of B time-stamped 262,144 s earlier (one flipped bit); a SYN of C, on A's
        // thread, back at the capture's present; then B's peer's ACK. The recency lists assumed that time never goes
        // back: on one thread, B sat behind A in the list and stayed; a thread holding B alone saw it idle for
        // 262,144 s and evicted it, and the ACK started a fourth connection.
        var client = IpAddress.Parse("10.0.0.1");
        var server = IpAddress.Parse("10.0.0.2");
        int ThreadOf(int port) => PacketBatch.AnalyzerOf(new FlowKey(client, (ushort)port, server, 22).Shard, 2);
        ushort portA = 40000;
        ushort portB = (ushort)Enumerable.Range(40001, 1000).First(port => ThreadOf(port) != ThreadOf(portA));
        ushort portC = (ushort)Enumerable.Range(40001, 1000).First(port => ThreadOf(port) == ThreadOf(portA));
        long backNs = 262_144L * 1_000_000_000;
        var a = Scenario.Start(clientPort: portA).Client(0, 1, 1).Packets(offsetMs: 0);
        var b = Scenario.Start(clientPort: portB, clientIsn: 77_000).Client(0, 0, 0, flags: "S").Server(2, 0, 1, flags: "A").Packets(offsetMs: 0).ToList();
        var c = Scenario.Start(clientPort: portC).Client(1, 0, 0, flags: "S").Packets(offsetMs: 0);
        byte[] capture = PcapFileBuilder.Build([a.Single(), b[0] with { TimestampNs = b[0].TimestampNs - backNs }, c.Single(), b[1]], nanoseconds: true);

        var (one, oneStatistics) = Record(capture, new AnalysisOptions { AnalyzingThreads = 1 });
        var (split, splitStatistics) = Record(capture, new AnalysisOptions { AnalyzingThreads = threads });

        Assert.Equal(3, oneStatistics.Connections);
        Assert.Equal(3, splitStatistics.Connections);
        Assert.Equal(one.Connections.OrderBy(c => c.Key), split.Connections.OrderBy(c => c.Key));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void UnderTheConnectionCap_TheSameConnectionsAreEvicted_OnAnyNumberOfThreads(int threads)
    {
        // One connection a shard, and a SYN flood besides: connections whose keys share a shard evict each other, which
        // the cap divided between threads (rather than shards) would do differently on each count.
        byte[] capture = ManyConnections.Capture(6_000, unansweredSyns: 3_000);
        var options = ManyConnections.Options with { MaxConnections = FlowShard.Count };

        var (one, oneStatistics) = Record(capture, options with { AnalyzingThreads = 1 });
        var (split, splitStatistics) = Record(capture, options with { AnalyzingThreads = threads });

        Assert.True(oneStatistics.EvictedConnections > 100, $"{oneStatistics.EvictedConnections} evicted");
        Assert.Equal(oneStatistics.EvictedConnections, splitStatistics.EvictedConnections);
        Assert.Equal(one.Connections.OrderBy(c => c.Key), split.Connections.OrderBy(c => c.Key));
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            Assert.Equal(oneStatistics.Count(verdict), splitStatistics.Count(verdict));
        }
    }

    [Fact]
    public void AnOrderFreeSinkThatFails_FailsTheSplitRun()
    {
        using var reader = CaptureReader.FromStream(new MemoryStream(ManyConnections.Capture()), "many.pcap");

        var failure = Assert.Throws<IOException>(() =>
            CaptureFileAnalysis.Run(reader, ManyConnections.Options with { AnalyzingThreads = 2 }, new FailingSink(), cancellation: TestContext.Current.CancellationToken));
        Assert.Equal("No space left on device", failure.Message);
    }

    [Fact]
    public void StreamNumbering_CountsTheStartsOfEveryThreadBeforeAFrame()
    {
        var numbering = new StreamNumbering(2);
        long[] first = [3, 200, 70_000, 70_001, 10_000_000_000];
        long[] second = [1, 4, 199, 20_000];
        foreach (long frame in first)
        {
            numbering.Started(0, frame);
        }

        foreach (long frame in second)
        {
            numbering.Started(1, frame);
        }

        var streams = numbering.StreamsOf([10_000_000_000, 1, 3, 20_000, 5, 70_001]);

        Assert.Equal(new Dictionary<long, long> { [1] = 0, [3] = 1, [20_000] = 5, [70_001] = 7, [10_000_000_000] = 8 }, streams);
    }

    private static (SnapshotSink Sink, FileStatistics Statistics) Record(byte[] capture, AnalysisOptions options)
    {
        var sink = new SnapshotSink();
        using var reader = CaptureReader.FromStream(new MemoryStream(capture), "many.pcap");
        var statistics = CaptureFileAnalysis.Run(reader, options, sink, cancellation: TestContext.Current.CancellationToken);
        return (sink, statistics);
    }

    /// <summary>Writes down every finished connection's whole state, by its first frame, and the thread it came from.</summary>
    private sealed class SnapshotSink : IOrderFreeSink
    {
        public Dictionary<long, string> Connections { get; } = [];

        // Zeek's history and the RTT measures too, so that the threads are compared on them as well.
        SinkNeeds IAnalysisSink.Needs => SinkNeeds.Connections | SinkNeeds.Measures;

        public Dictionary<long, long> StreamsOnFinish { get; } = [];

        public Dictionary<long, long> AssignedStreams { get; private set; } = [];

        public HashSet<int> Threads { get; } = [];

        public void FileStarted(CaptureInfo capture)
        {
        }

        public void Packet(in PacketRecord packet)
        {
        }

        public void Event(in EventRecord record)
        {
        }

        public void ConnectionFinished(Connection connection)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            var text = new StringBuilder();

            // A thread's own stream numbers, and its own list of connections by recency, differ when split.
            FieldDump.Write(text, connection, leaveOut: ["Stream", "Links"]);
            Connections.Add(connection.FirstFrame, text.ToString());
            StreamsOnFinish.Add(connection.FirstFrame, connection.Stream);
        }

        public void AssignStreams(StreamNumbering streams) => AssignedStreams = streams.StreamsOf(Connections.Keys);

        public void FileCompleted(FileStatistics statistics)
        {
        }
    }

    private sealed class FailingSink : IOrderFreeSink
    {
        public void FileStarted(CaptureInfo capture)
        {
        }

        public void Packet(in PacketRecord packet)
        {
        }

        public void Event(in EventRecord record)
        {
        }

        public void ConnectionFinished(Connection connection) => throw new IOException("No space left on device");

        public void AssignStreams(StreamNumbering streams)
        {
        }

        public void FileCompleted(FileStatistics statistics)
        {
        }
    }
}
