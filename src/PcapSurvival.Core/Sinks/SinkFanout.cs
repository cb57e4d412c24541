using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Sinks;

/// <summary>Hands everything to several sinks in turn.</summary>
public sealed class SinkFanout(params IAnalysisSink[] sinks) : IAnalysisSink
{
    /// <summary>What any of the sinks needs.</summary>
    public SinkNeeds Needs { get; } = sinks.Aggregate((SinkNeeds)0, (needs, sink) => needs | sink.Needs);

    // Arrays and for loops: enumerating an interface would allocate on every packet.
    public void FileStarted(CaptureInfo capture)
    {
        for (int i = 0; i < sinks.Length; i++)
        {
            sinks[i].FileStarted(capture);
        }
    }

    public void Packet(in PacketRecord packet)
    {
        for (int i = 0; i < sinks.Length; i++)
        {
            sinks[i].Packet(packet);
        }
    }

    public void Event(in EventRecord record)
    {
        for (int i = 0; i < sinks.Length; i++)
        {
            sinks[i].Event(record);
        }
    }

    public void ConnectionFinished(Connection connection)
    {
        for (int i = 0; i < sinks.Length; i++)
        {
            sinks[i].ConnectionFinished(connection);
        }
    }

    public void FileCompleted(FileStatistics statistics)
    {
        for (int i = 0; i < sinks.Length; i++)
        {
            sinks[i].FileCompleted(statistics);
        }
    }
}
