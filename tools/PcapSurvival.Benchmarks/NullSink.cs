using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Benchmarks;

/// <summary>Takes the analysis results and only counts them, so the benchmarks measure the analysis alone.</summary>
internal sealed class NullSink : IAnalysisSink
{
    public long Packets { get; private set; }

    public long Events { get; private set; }

    public long Connections { get; private set; }

    public void FileStarted(CaptureInfo capture)
    {
    }

    public void Packet(in PacketRecord packet) => Packets++;

    public void Event(in EventRecord record) => Events++;

    public void ConnectionFinished(Connection connection) => Connections++;

    public void FileCompleted(FileStatistics statistics)
    {
    }
}
