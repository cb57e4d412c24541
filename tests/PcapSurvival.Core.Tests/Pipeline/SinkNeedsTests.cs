using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Pipeline;

/// <summary>
/// Zeek's history and the RTT measures are computed only for a sink that shows them (SinkNeeds.Measures): the report
/// does not, and they cost its run 7% (issue 15). Split between threads or not, a sink that asks gets them.
/// </summary>
public class SinkNeedsTests
{
    private static readonly string Capture = Path.Combine(CliRun.RepositoryRoot, "captures", "ssh-survived-link.pcap");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Measures_AreComputedOnlyForASinkThatNeedsThem(int threads)
    {
        var options = new AnalysisOptions { AnalyzingThreads = threads };
        var report = Run(new HistorySink(SinkNeeds.Connections), options);
        var table = Run(new HistorySink(SinkNeeds.Connections | SinkNeeds.Measures), options);

        Assert.NotEmpty(table.Histories);
        Assert.All(table.Histories, h => Assert.NotEqual("", h.History));
        Assert.Contains(table.Histories, h => h.RttSamples > 0);
        Assert.Equal(table.Histories.Count, report.Histories.Count);
        Assert.All(report.Histories, h => Assert.Equal(("", 0), (h.History, h.RttSamples)));
    }

    private static HistorySink Run(HistorySink sink, AnalysisOptions options)
    {
        using var reader = CaptureReader.Open(Capture);
        CaptureFileAnalysis.Run(reader, options, sink, cancellation: TestContext.Current.CancellationToken);
        return sink;
    }

    /// <summary>Writes down each finished connection's Zeek history and RTT sample count.</summary>
    private sealed class HistorySink(SinkNeeds needs) : IOrderFreeSink
    {
        public List<(string History, int RttSamples)> Histories { get; } = [];

        SinkNeeds IAnalysisSink.Needs => needs;

        public void FileStarted(CaptureInfo capture)
        {
        }

        public void Packet(in PacketRecord packet)
        {
        }

        public void Event(in EventRecord record)
        {
        }

        public void ConnectionFinished(Connection connection) =>
            Histories.Add((connection.Zeek.History, connection.Measures.Client.Rtt.Count + connection.Measures.Server.Rtt.Count));

        public void AssignStreams(StreamNumbering streams)
        {
        }

        public void FileCompleted(FileStatistics statistics)
        {
        }
    }
}
