namespace PcapSurvival.Core.Sinks;

/// <summary>
/// What a sink takes from the analysis. The run builds only the records some sink needs, and picks its threads from
/// these: connection records alone, in any order, let the connections be split between analyzing threads; packet and
/// event records, which come in capture order, are handed to a thread that does the writing while the analysis goes on.
/// </summary>
[Flags]
public enum SinkNeeds
{
    /// <summary>Each finished connection (<see cref="IAnalysisSink.ConnectionFinished"/>).</summary>
    Connections = 1,

    /// <summary>Every notable packet or state change (<see cref="IAnalysisSink.Event"/>).</summary>
    Events = 2,

    /// <summary>Every TCP packet (<see cref="IAnalysisSink.Packet"/>).</summary>
    Packets = 4,

    /// <summary>
    /// Zeek's conn_state and history and tcptrace's measures (RTT, retransmitted bytes, idle time, options) of each
    /// connection, which the connection tables show and the report does not: without it they are not computed.
    /// </summary>
    Measures = 8,

    All = Connections | Events | Packets | Measures,
}
