using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Sinks;

/// <summary>
/// Receives the results of the single analysis pass as they are produced, from one thread at a time and in capture
/// order (the run may call it from a thread other than the one analyzing). A <see cref="Connection"/> handed over is
/// finished; with <see cref="Pipeline.AnalysisOptions.RecycleConnections"/> its object starts a later connection once
/// the call returns, so a sink keeps copies of what it needs, never the object.
/// </summary>
public interface IAnalysisSink
{
    /// <summary>What this sink takes: the records nobody needs are not built.</summary>
    SinkNeeds Needs => SinkNeeds.All;

    void FileStarted(CaptureInfo capture);

    /// <summary>Every TCP packet, in capture order.</summary>
    void Packet(in PacketRecord packet);

    void Event(in EventRecord record);

    /// <summary>A connection is complete (evicted when idle, replaced by a port reuse, or at the end), with its verdict.</summary>
    void ConnectionFinished(Connection connection);

    void FileCompleted(FileStatistics statistics);
}
