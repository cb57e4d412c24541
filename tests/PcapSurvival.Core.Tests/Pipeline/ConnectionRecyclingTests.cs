using System.Text;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Text;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Pipeline;

/// <summary>
/// AnalysisOptions.RecycleConnections starts new connections in the objects of evicted ones. This test compares,
/// field by field, every connection at every step of a run with recycling against a run without.
/// </summary>
public class ConnectionRecyclingTests
{
    private static readonly AnalysisOptions Options = ManyConnections.Options;

    [Fact]
    public void RecycledConnections_AreIndistinguishableFromNewOnes_AtEveryPacketAndEvent()
    {
        byte[] capture = ManyConnections.Capture();

        var fresh = Record(capture, Options);
        var recycled = Record(capture, Options with { RecycleConnections = true });

        // The capture exercises what a recycled object must forget: flags, outages, resets, port reuse, midstream.
        Assert.Equal(ManyConnections.Count, fresh.Streams);
        Assert.True(fresh.Outages >= ManyConnections.Count / 6, $"{fresh.Outages} outages");
        Assert.True(fresh.ReusedPorts > 0 && fresh.Retransmissions > 0 && fresh.Resets > 0);
        Assert.Equal(fresh.Streams, fresh.DistinctObjects);

        // Objects were really reused, and nothing anyone can see differs.
        Assert.True(recycled.DistinctObjects < ManyConnections.Count / 4, $"{recycled.DistinctObjects} objects for {ManyConnections.Count} connections");
        Assert.Equal(fresh.Lines.Count, recycled.Lines.Count);
        for (int i = 0; i < fresh.Lines.Count; i++)
        {
            Assert.Equal(fresh.Lines[i], recycled.Lines[i]);
        }
    }

    private static SnapshotSink Record(byte[] capture, AnalysisOptions options)
    {
        // On the calling thread, as live capture runs: a sink called from another thread never gets recycled objects.
        var sink = new SnapshotSink();
        using var reader = CaptureReader.FromStream(new MemoryStream(capture), "many.pcap");
        var analyzer = new TrafficAnalyzer(new CaptureInfo("many.pcap", reader.TimestampDigits), options, sink);
        while (reader.Read(out var packet) == ReadStatus.Packet)
        {
            analyzer.Process(packet);
        }

        analyzer.Complete();
        return sink;
    }

    /// <summary>Writes down each record and the whole state of its connection at the moment it is handed over.</summary>
    private sealed class SnapshotSink : IAnalysisSink
    {
        private readonly HashSet<Connection> _objects = new(ReferenceEqualityComparer.Instance);

        public List<string> Lines { get; } = [];

        public int DistinctObjects => _objects.Count;

        public int Streams { get; private set; }

        public int Outages { get; private set; }

        public int ReusedPorts { get; private set; }

        public int Retransmissions { get; private set; }

        public int Resets { get; private set; }

        public void FileStarted(CaptureInfo capture)
        {
        }

        public void Packet(in PacketRecord packet)
        {
            ReusedPorts += (packet.Analysis & AnalysisFlags.ReusedPorts) != 0 ? 1 : 0;
            Retransmissions += (packet.Analysis & AnalysisFlags.AnyRetransmission) != 0 ? 1 : 0;
            Write($"packet {packet with { Connection = null! }}", packet.Connection);
        }

        public void Event(in EventRecord record)
        {
            Outages += record.Kind == EventKind.OutageStart ? 1 : 0;
            Resets += record.Kind == EventKind.Rst ? 1 : 0;
            Write($"event {EventText.Format(record)}", record.Connection);
        }

        public void ConnectionFinished(Connection connection)
        {
            Streams++;
            Write("finished", connection);
        }

        public void FileCompleted(FileStatistics statistics)
        {
        }

        private void Write(string what, Connection connection)
        {
            _objects.Add(connection);
            var text = new StringBuilder(what).Append(" | ");
            FieldDump.Write(text, connection);
            Lines.Add(text.ToString());
        }
    }
}
