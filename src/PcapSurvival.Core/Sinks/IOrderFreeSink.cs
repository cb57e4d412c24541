using PcapSurvival.Core.Pipeline;

namespace PcapSurvival.Core.Sinks;

/// <summary>
/// A sink that needs nothing but each connection's final record, and whose output does not depend on the order
/// in which connections finish (the report). For such a sink, <see cref="CaptureFileAnalysis"/> can split a file's
/// connections between analyzing threads by their key: <see cref="IAnalysisSink.ConnectionFinished"/> is then
/// called from any of them (never two at once), <see cref="IAnalysisSink.Packet"/> and
/// <see cref="IAnalysisSink.Event"/> are not called, and each thread numbers only its own connections. The file's
/// stream numbers are handed over once all are done, in <see cref="AssignStreams"/>, before
/// <see cref="IAnalysisSink.FileCompleted"/>.
/// </summary>
public interface IOrderFreeSink : IAnalysisSink
{
    /// <summary>Connections alone: an order-free sink takes no packet or event records.</summary>
    SinkNeeds IAnalysisSink.Needs => SinkNeeds.Connections;

    /// <summary>Gives the connections kept since FileStarted their stream numbers in the file, found by their first frame.</summary>
    void AssignStreams(StreamNumbering streams);
}
