using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// One TCP connection (one Wireshark tcp.stream): its two directions, what was seen, and its outages.
/// The client is the side that sent the SYN, or, for a connection picked up midstream, the one <see cref="SideDecision"/> finds.
/// </summary>
public sealed class Connection
{
    /// <summary>Outages kept per connection; further ones are only counted.</summary>
    public const int MaxRecordedOutages = 32;

    private FlowKey _key;
    private List<Outage>? _outages;
    private string? _clientText;
    private string? _serverText;

    internal Connection(FlowKey key, long stream, in TcpSegment first, long timeNs, long frame)
    {
        Start(key, stream, first, timeNs, frame);
    }

    /// <summary>
    /// Makes this object a new connection from its first segment: every field is set here, so that the object of a
    /// finished connection can start another one (<see cref="Pipeline.AnalysisOptions.RecycleConnections"/>).
    /// </summary>
    internal void Start(FlowKey key, long stream, in TcpSegment first, long timeNs, long frame)
    {
        _key = key;
        Stream = stream;

        bool sourceIsClient = SideDecision.SourceIsClient(first, out var sidesBy);
        SidesBy = sidesBy;
        (ClientAddress, ClientPort, ServerAddress, ServerPort) = sourceIsClient
            ? (first.Source, first.SourcePort, first.Destination, first.DestinationPort)
            : (first.Destination, first.DestinationPort, first.Source, first.SourcePort);
        FirstSeenNs = LastSeenNs = timeNs;
        FirstFrame = LastFrame = frame;
        Midstream = (first.Flags & TcpFlags.Syn) == 0;
        IsSsh = false;
        State = ConnectionState.SynSent;
        FlagCounts = default;
        Resets = 0;
        ShortStalls = 0;
        LossStalls = 0;
        LongestLossStallSeconds = 0;
        OutageCount = 0;
        _outages = null;
        LongestOutageSeconds = 0;
        Verdict = default;
        _clientText = null;
        _serverText = null;
        MostRecentSynNs = 0;
        FirstRttNs = 0;
        ClientFlow.Reset();
        ServerFlow.Reset();
        Zeek.Reset();
        Measures.Reset();
        Tracker = default;
        IdleLinks = default;
        ShardLinks = default;
        InFinishedList = false;
        RecencyNs = timeNs;
        Shard = (byte)key.Shard;
        Unanswered = (first.Flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
    }

    public FlowKey Key => _key;

    /// <summary>Stream index in order of first appearance within the file, as tshark's tcp.stream.</summary>
    public long Stream { get; private set; }

    public IpAddress ClientAddress { get; private set; }

    public ushort ClientPort { get; private set; }

    public IpAddress ServerAddress { get; private set; }

    public ushort ServerPort { get; private set; }

    /// <summary>Packets sent by the client.</summary>
    public ref readonly FlowState Client => ref ClientFlow;

    /// <summary>Packets sent by the server.</summary>
    public ref readonly FlowState Server => ref ServerFlow;

    public long FirstSeenNs { get; private set; }

    public long LastSeenNs { get; internal set; }

    public long FirstFrame { get; private set; }

    public long LastFrame { get; internal set; }

    /// <summary>What decided which side is the client (see <see cref="SideDecision"/>).</summary>
    public SidesEvidence SidesBy { get; private set; }

    /// <summary>No SYN was seen at the start: the capture joined an existing connection.</summary>
    public bool Midstream { get; private set; }

    /// <summary>SSH: port 22 on either side, or an "SSH-" banner seen in the payload.</summary>
    public bool IsSsh { get; internal set; }

    public ConnectionState State { get; internal set; }

    /// <summary>SYN to handshake-completing ACK as seen at the capture point (Wireshark's iRTT), or -1.</summary>
    public long HandshakeRttNs => FirstRttNs != 0 ? FirstRttNs : -1;

    /// <summary>Zeek's conn_state and history of this connection.</summary>
    public ZeekHistory Zeek { get; } = new();

    /// <summary>tcptrace's RTT, retransmission, idle-time and option measures per direction.</summary>
    public ConnectionMeasures Measures { get; } = new();

    /// <summary>Packets carrying each analysis flag.</summary>
    public FlagCounts FlagCounts;

    /// <summary>Packets with the RST flag.</summary>
    public int Resets { get; internal set; }

    /// <summary>Retransmission stalls shorter than --min-outage: ordinary loss recovery.</summary>
    public int ShortStalls { get; internal set; }

    /// <summary>Stalls of --min-outage or longer that the connection's own heavy loss explains (Outages/HeldStalls): no outage.</summary>
    public int LossStalls { get; internal set; }

    public double LongestLossStallSeconds { get; internal set; }

    /// <summary>Outages detected, including any beyond <see cref="Outages"/>' bound.</summary>
    public int OutageCount { get; private set; }

    public IReadOnlyList<Outage> Outages => (IReadOnlyList<Outage>?)_outages ?? [];

    public double LongestOutageSeconds { get; private set; }

    /// <summary>Set when the connection's final report has been produced (on eviction or at the end).</summary>
    public Verdict Verdict { get; internal set; }

    public long Packets => Client.Packets + Server.Packets;

    public double DurationSeconds => (LastSeenNs - FirstSeenNs) / 1e9;

    public string ClientText => _clientText ??= ClientAddress.ToString();

    public string ServerText => _serverText ??= ServerAddress.ToString();

    public bool IsIPv6 => ClientAddress.IsV6;

    // Wireshark conversation-level state: time of the latest pure SYN, and the first RTT (iRTT).
    internal long MostRecentSynNs;
    internal long FirstRttNs;

    // The two directions and the outage bookkeeping live inside the connection object (see FlowState).
    internal FlowState ClientFlow;
    internal FlowState ServerFlow;
    internal OutageTracker Tracker;

    // Intrusive links for the eviction lists (least recently seen first): open or finished, for the idle timeouts;
    // unanswered or answered in its shard, for the connection cap (ConnectionTable).
    internal RecencyLinks IdleLinks;
    internal RecencyLinks ShardLinks;
    internal bool InFinishedList;

    /// <summary>The capture clock (the latest packet time so far, never going back) at this connection's last packet.</summary>
    internal long RecencyNs;

    /// <summary>The key's fixed share of the key space (<see cref="FlowShard"/>), where the connection cap counts it.</summary>
    internal byte Shard;

    /// <summary>Opened by a SYN, and nothing came back from the other side yet: the first to go when the cap is reached.</summary>
    internal bool Unanswered;

    internal ref FlowState From(bool fromClient) => ref fromClient ? ref ClientFlow : ref ServerFlow;

    /// <summary>Whether this is the connection of <paramref name="key"/> (compared in place, not copied).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool HasKey(in FlowKey key) => _key.Equals(in key);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsFromClient(in TcpSegment segment) =>
        segment.SourcePort == ClientPort && segment.Source == ClientAddress;

    internal void AddOutage(Outage outage)
    {
        OutageCount++;
        LongestOutageSeconds = Math.Max(LongestOutageSeconds, outage.DurationSeconds);
        _outages ??= [];
        if (_outages.Count < MaxRecordedOutages)
        {
            _outages.Add(outage);
        }
    }

    public override string ToString() => $"stream {Stream} {ClientText}:{ClientPort} -> {ServerText}:{ServerPort}";
}
