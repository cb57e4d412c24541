using System.Text;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Reporting.Text;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Pipeline;

/// <summary>
/// A sink of packet and event records is called from a thread of its own (SinkThread), behind the analysis. What it
/// is handed must be exactly what it would get on the analyzing thread itself, in the same order.
/// </summary>
public class SinkThreadTests
{
    [Fact]
    public void RecordsWrittenBehindTheAnalysis_AreThoseOfTheAnalyzingThread_InOrder()
    {
        Assert.SkipWhen(Environment.ProcessorCount < 2, "the output thread only runs with two or more cores");
        byte[] capture = ManyConnections.Capture(3_000);

        var behind = new TextSink();
        using (var reader = CaptureReader.FromStream(new MemoryStream(capture), "many.pcap"))
        {
            CaptureFileAnalysis.Run(reader, ManyConnections.Options with { RecycleConnections = true }, behind, cancellation: TestContext.Current.CancellationToken);
        }

        var inline = new TextSink();
        using (var reader = CaptureReader.FromStream(new MemoryStream(capture), "many.pcap"))
        {
            var analyzer = new TrafficAnalyzer(new CaptureInfo("many.pcap", reader.TimestampDigits), ManyConnections.Options, inline);
            while (reader.Read(out var packet) == ReadStatus.Packet)
            {
                analyzer.Process(packet);
            }

            analyzer.Complete();
        }

        Assert.DoesNotContain(Environment.CurrentManagedThreadId, behind.Threads);
        Assert.True(inline.Lines.Count > 30_000, $"{inline.Lines.Count} calls");
        Assert.Equal(inline.Lines.Count, behind.Lines.Count);
        for (int i = 0; i < inline.Lines.Count; i++)
        {
            Assert.Equal(inline.Lines[i], behind.Lines[i]);
        }
    }

    [Fact]
    public void ASinkFailingBehindTheAnalysis_FailsTheRun_WithItsOwnException()
    {
        Assert.SkipWhen(Environment.ProcessorCount < 2, "the output thread only runs with two or more cores");
        using var reader = CaptureReader.FromStream(new MemoryStream(ManyConnections.Capture(3_000)), "many.pcap");

        var failure = Assert.Throws<IOException>(() =>
            CaptureFileAnalysis.Run(reader, ManyConnections.Options, new FailingOnPacketSink(), cancellation: TestContext.Current.CancellationToken));

        Assert.Equal("No space left on device", failure.Message);
    }

    /// <summary>Every call, written down as the sinks would write it, with the connection's identity and, when finished, its whole state.</summary>
    private sealed class TextSink : IAnalysisSink
    {
        public List<string> Lines { get; } = [];

        public HashSet<int> Threads { get; } = [];

        public void FileStarted(CaptureInfo capture) => Add($"file {capture.Name}");

        public void Packet(in PacketRecord packet) =>
            Add($"packet {packet with { Connection = null! }} of {packet.Connection}");

        public void Event(in EventRecord record) =>
            Add($"event {record.Name} {EventText.Format(record)} frame {record.Frame} of {record.Connection}");

        public void ConnectionFinished(Connection connection)
        {
            var text = new StringBuilder();
            FieldDump.Write(text, connection, leaveOut: ["Older", "Newer", "IdleLinks", "ShardLinks"]);
            Add($"connection {text}");
        }

        public void FileCompleted(FileStatistics statistics) => Add($"end {statistics.Packets} {statistics.Connections}");

        private void Add(string line)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            Lines.Add(line);
        }
    }

    private sealed class FailingOnPacketSink : IAnalysisSink
    {
        private int _packets;

        public void FileStarted(CaptureInfo capture)
        {
        }

        public void Packet(in PacketRecord packet)
        {
            if (++_packets == 5_000)
            {
                throw new IOException("No space left on device");
            }
        }

        public void Event(in EventRecord record)
        {
        }

        public void ConnectionFinished(Connection connection)
        {
        }

        public void FileCompleted(FileStatistics statistics)
        {
        }
    }
}
