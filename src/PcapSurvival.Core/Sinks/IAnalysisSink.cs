using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Sinks;

/// <summary>Receives the results of the single analysis pass as they are produced.</summary>
public interface IAnalysisSink
{
    void FileStarted(CaptureInfo capture);

    /// <summary>Every TCP packet, in capture order.</summary>
    void Packet(in PacketRecord packet);

    void Event(in EventRecord record);

    /// <summary>A connection is complete (evicted when idle, replaced by a port reuse, or at the end), with its verdict.</summary>
    void ConnectionFinished(Connection connection);

    void FileCompleted(FileStatistics statistics);
}
