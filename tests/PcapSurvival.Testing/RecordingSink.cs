using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Testing;

/// <summary>Keeps everything the analysis produces, for assertions.</summary>
public sealed class RecordingSink : IAnalysisSink
{
    public List<PacketRecord> Packets { get; } = [];
    public List<EventRecord> Events { get; } = [];
    public List<Connection> Connections { get; } = [];
    public List<FileStatistics> Files { get; } = [];

    /// <summary>For each finished connection, how many packets had been analyzed when it was finished.</summary>
    public List<int> PacketsBeforeFinished { get; } = [];

    public void FileStarted(CaptureInfo capture)
    {
    }

    public void Packet(in PacketRecord packet) => Packets.Add(packet);

    public void Event(in EventRecord record) => Events.Add(record);

    public void ConnectionFinished(Connection connection)
    {
        Connections.Add(connection);
        PacketsBeforeFinished.Add(Packets.Count);
    }

    public void FileCompleted(FileStatistics statistics) => Files.Add(statistics);
}
