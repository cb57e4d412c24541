using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pipeline;

/// <summary>
/// What one analyzing thread of a split run reports to: finished connections go on to the run's
/// <see cref="IOrderFreeSink"/>, one thread at a time. The file's start and end are the run's to report, once, and
/// packets and events are not wanted by such a sink.
/// </summary>
internal sealed class ShardSink(IOrderFreeSink target, Lock gate) : IAnalysisSink
{
    public SinkNeeds Needs => SinkNeeds.Connections | (target.Needs & SinkNeeds.Measures);


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
        lock (gate)
        {
            target.ConnectionFinished(connection);
        }
    }

    public void FileCompleted(FileStatistics statistics)
    {
    }
}
