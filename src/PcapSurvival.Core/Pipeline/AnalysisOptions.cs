using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Core.Pipeline;

public sealed record AnalysisOptions
{
    public OutageSettings Outages { get; init; } = new();

    /// <summary>An open connection with no packets for this long (capture time) is finished and forgotten.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// A reset connection, or a closed one with everything acknowledged, is kept this long for stray packets,
    /// like TCP's own TIME_WAIT (60 s on Linux).
    /// </summary>
    public TimeSpan FinishedTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After a connection is finished, its ports and initial sequence numbers are remembered this long (in a few
    /// bytes, not the whole connection) so that a new SYN on the same ports is recognised as port reuse.
    /// </summary>
    public TimeSpan PortReuseMemory { get; init; } = TimeSpan.FromMinutes(10);

    public IPacketFilter? Filter { get; init; }

    /// <summary>Zeek's likely_server_ports (indexed by port), for Zeek's roles of connections picked up midstream.</summary>
    public bool[] ZeekServerPorts { get; init; } = Tcp.ZeekServerPorts.Default;

    /// <summary>
    /// Live connections held at most (about 1 KB each). Past it, a new connection evicts one of its shard of the key
    /// space (<see cref="Tcp.FlowShard"/>: the cap is divided evenly between them, so the result is the same on any
    /// number of threads): the oldest SYN never answered, else the connection idle longest. Evictions are counted in
    /// <see cref="Sinks.FileStatistics.EvictedConnections"/>.
    /// </summary>
    public int MaxConnections { get; init; } = Tcp.ConnectionTable.DefaultMaxConnections;

    /// <summary>
    /// Starts new connections in the objects of connections finished as idle, instead of allocating: on a capture
    /// with many short connections this removes most of the garbage collector's work and a quarter of the memory.
    /// Only for sinks that keep nothing of a <see cref="Tcp.Connection"/> (or of the records naming one) after the
    /// call that hands it over, as the report, CSV and JSON writers do; off by default.
    /// </summary>
    public bool RecycleConnections { get; init; }

    /// <summary>
    /// How many threads analyze a file when the sink allows it (an <see cref="IOrderFreeSink"/>, such as the report
    /// alone): by default one a core, up to four (beyond that, reading, which one thread does at a time, is the
    /// limit). Other sinks always get one, in capture order.
    /// </summary>
    public int? AnalyzingThreads { get; init; }
}
