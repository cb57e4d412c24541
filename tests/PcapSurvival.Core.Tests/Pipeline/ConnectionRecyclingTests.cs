using System.Collections;
using System.Numerics;
using System.Reflection;
using System.Text;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Pipeline;

/// <summary>
/// AnalysisOptions.RecycleConnections starts new connections in the objects of evicted ones. This test compares,
/// field by field, every connection at every step of a run with recycling against a run without.
/// </summary>
public class ConnectionRecyclingTests
{
    private const int Connections = 360;

    private static readonly AnalysisOptions Options = new()
    {
        IdleTimeout = TimeSpan.FromSeconds(30),
        FinishedTimeout = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public void RecycledConnections_AreIndistinguishableFromNewOnes_AtEveryPacketAndEvent()
    {
        byte[] capture = ManyConnectionsCapture();

        var fresh = Record(capture, Options);
        var recycled = Record(capture, Options with { RecycleConnections = true });

        // The capture exercises what a recycled object must forget: flags, outages, resets, port reuse, midstream.
        Assert.Equal(Connections, fresh.Streams);
        Assert.True(fresh.Outages >= Connections / 6, $"{fresh.Outages} outages");
        Assert.True(fresh.ReusedPorts > 0 && fresh.Retransmissions > 0 && fresh.Resets > 0);
        Assert.Equal(fresh.Streams, fresh.DistinctObjects);

        // Objects were really reused, and nothing anyone can see differs.
        Assert.True(recycled.DistinctObjects < Connections / 4, $"{recycled.DistinctObjects} objects for {Connections} connections");
        Assert.Equal(fresh.Lines.Count, recycled.Lines.Count);
        for (int i = 0; i < fresh.Lines.Count; i++)
        {
            Assert.Equal(fresh.Lines[i], recycled.Lines[i]);
        }
    }

    /// <summary>
    /// Connections starting every 250 ms, each finished within a few seconds, so that with a 1 s finished timeout
    /// most are evicted while later ones start: closed normally, reset, refused, stalled with an outage, never
    /// answered (evicted after the 30 s idle timeout), picked up midstream; client ports repeat every 40 connections
    /// with a new initial sequence number (reused ports).
    /// </summary>
    private static byte[] ManyConnectionsCapture()
    {
        var packets = new List<TestPacket>();
        for (int i = 0; i < Connections; i++)
        {
            var start = Scenario.Start(clientIsn: 1000 + ((uint)i * 7919), serverIsn: 5000 + ((uint)i * 104_729), clientPort: (ushort)(40000 + (i % 40)));
            var scenario = (i % 6) switch
            {
                0 => start.Handshake().Client(20, 1, 1, len: 100, flags: "PA").Server(30, 1, 101, len: 500, flags: "PA")
                    .Client(31, 101, 501).Client(40, 101, 501, flags: "FA").Server(50, 501, 102, flags: "FA").Client(51, 102, 502),
                1 => start.Handshake().Client(20, 1, 1, len: 100, flags: "PA").Server(30, 1, 101, flags: "RA"),
                2 => start.Client(0, 0, 0, flags: "S").Server(1, 0, 1, flags: "RA"),
                3 => start.Handshake().Client(20, 1, 1, len: 100, flags: "PA").Client(220, 1, 1, len: 100, flags: "PA")
                    .Client(620, 1, 1, len: 100, flags: "PA").Client(1420, 1, 1, len: 100, flags: "PA")
                    .Client(3020, 1, 1, len: 100, flags: "PA").Server(3030, 1, 101)
                    .Client(3040, 101, 1, flags: "FA").Server(3050, 1, 102, flags: "FA").Client(3051, 102, 2),
                4 => start.Client(0, 0, 0, flags: "S").Client(1000, 0, 0, flags: "S").Client(3000, 0, 0, flags: "S"),
                _ => start.Client(0, 1, 1, len: 50, flags: "PA").Server(10, 1, 51).Client(20, 51, 1, len: 50, flags: "PA")
                    .Server(30, 1, 101, flags: "RA"),
            };

            packets.AddRange(scenario.Packets(offsetMs: i * 250));
        }

        return PcapFileBuilder.Build([.. packets.OrderBy(p => p.TimestampNs)], nanoseconds: true);
    }

    private static SnapshotSink Record(byte[] capture, AnalysisOptions options)
    {
        var sink = new SnapshotSink();
        using var reader = CaptureReader.FromStream(new MemoryStream(capture), "many.pcap");
        CaptureFileAnalysis.Run(reader, options, sink);
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
            Render(text, connection, isRoot: true);
            Lines.Add(text.ToString());
        }

        /// <summary>Every field, public or not, recursively; other connections by stream; arrays as storage only.</summary>
        private static void Render(StringBuilder text, object? value, bool isRoot = false)
        {
            switch (value)
            {
                case null:
                    text.Append("null");
                    return;
                case Connection other when !isRoot:
                    text.Append('#').Append(other.Stream);
                    return;
                case FlagCounts counts:
                    foreach (var flag in Enum.GetValues<AnalysisFlags>().Where(f => BitOperations.PopCount((uint)f) == 1))
                    {
                        text.Append(flag).Append('=').Append(counts.Of(flag)).Append(' ');
                    }

                    return;
                case string or Enum or IConvertible:
                    text.Append(value);
                    return;
                case IList list:
                    text.Append('[');
                    foreach (var item in list)
                    {
                        Render(text, item);
                        text.Append(',');
                    }

                    text.Append(']');
                    return;
            }

            text.Append('{');
            foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                text.Append(field.Name).Append('=');
                if (field.FieldType.IsArray)
                {
                    text.Append("storage"); // the in-flight ring keeps its array on purpose; its count and head are compared
                }
                else
                {
                    Render(text, field.GetValue(value));
                }

                text.Append(' ');
            }

            text.Append('}');
        }
    }
}
