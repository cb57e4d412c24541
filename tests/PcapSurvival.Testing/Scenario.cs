using System.Net;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Testing;

/// <summary>
/// A TCP conversation written as a table of segments: who sends, when, relative seq/ack as Wireshark shows them,
/// flags, length. <see cref="Run"/> makes it real packets (PacketDotNet) in a real pcap, analyzed by the real pipeline;
/// <see cref="Track"/> feeds the same segments straight to the connection tracker, with no packet bytes in between.
/// </summary>
public sealed partial class Scenario
{
    public const long StartNs = 1_700_000_000L * 1_000_000_000L;

    private readonly List<TestPacket> _packets = [];
    private readonly List<(long TimeNs, TcpSegment Segment)?> _segments = [];
    private readonly uint _clientIsn;
    private readonly uint _serverIsn;
    private readonly IPAddress _client;
    private readonly IPAddress _server;
    private readonly ushort _clientPort;
    private readonly ushort _serverPort;
    private ushort _ipId = 1;

    private Scenario(uint clientIsn, uint serverIsn, bool ipv6, ushort clientPort, ushort serverPort)
    {
        _clientIsn = clientIsn;
        _serverIsn = serverIsn;
        _client = IPAddress.Parse(ipv6 ? "2001:db8::1" : "10.0.0.1");
        _server = IPAddress.Parse(ipv6 ? "2001:db8::2" : "10.0.0.2");
        _clientPort = clientPort;
        _serverPort = serverPort;
    }

    public int Count => _packets.Count;

    public static Scenario Start(uint clientIsn = 1000, uint serverIsn = 5000, bool ipv6 = false, ushort clientPort = 40000, ushort serverPort = 22) =>
        new(clientIsn, serverIsn, ipv6, clientPort, serverPort);

    /// <summary>SYN at 0 ms, SYN/ACK at <paramref name="rttMs"/>/2... as seen near the client: SYN/ACK at rtt, ACK right after.</summary>
    public Scenario Handshake(double rttMs = 10, ushort window = 1000, byte? clientScale = null, byte? serverScale = null, bool sack = false) =>
        Client(0, 0, 0, flags: "S", window: window, mss: 1460, scale: clientScale, sackPermitted: sack)
        .Server(rttMs, 0, 1, flags: "SA", window: window, mss: 1460, scale: serverScale, sackPermitted: sack)
        .Client(rttMs + 0.1, 1, 1, window: window);

    public Scenario Client(double atMs, uint seq, uint ack, int len = 0, string flags = "A", ushort window = 1000,
        ushort? mss = null, byte? scale = null, bool sackPermitted = false, (uint Left, uint Right)[]? sack = null, ushort? ipId = null) =>
        Add(true, atMs, seq, ack, len, flags, window, mss, scale, sackPermitted, sack, ipId);

    public Scenario Server(double atMs, uint seq, uint ack, int len = 0, string flags = "A", ushort window = 1000,
        ushort? mss = null, byte? scale = null, bool sackPermitted = false, (uint Left, uint Right)[]? sack = null, ushort? ipId = null) =>
        Add(false, atMs, seq, ack, len, flags, window, mss, scale, sackPermitted, sack, ipId);

    /// <summary>Adds an already-built packet (for odd cases), at <paramref name="atMs"/>.</summary>
    public Scenario Raw(double atMs, byte[] frame)
    {
        _packets.Add(new TestPacket(StartNs + (long)(atMs * 1_000_000), frame));
        _segments.Add(null);
        return this;
    }

    public byte[] ToPcap() => PcapFileBuilder.Build(_packets, nanoseconds: true);

    /// <summary>The packets, <paramref name="offsetMs"/> later: to merge several conversations into one capture.</summary>
    public IEnumerable<TestPacket> Packets(double offsetMs) =>
        _packets.Select(p => p with { TimestampNs = p.TimestampNs + (long)(offsetMs * 1_000_000) });

    public ScenarioResult Run(AnalysisOptions? options = null) => Analyze(ToPcap(), options);

    /// <summary>Runs the whole pipeline over a capture file's bytes, keeping everything it produces.</summary>
    public static ScenarioResult Analyze(byte[] capture, AnalysisOptions? options = null)
    {
        var sink = new RecordingSink();
        using var reader = CaptureReader.FromStream(new MemoryStream(capture), "scenario.pcap");
        var statistics = CaptureFileAnalysis.Run(reader, options ?? new AnalysisOptions(), sink);
        return new ScenarioResult(sink, statistics);
    }

    /// <summary>
    /// Feeds the segments to a <see cref="ConnectionTracker"/> one by one, frame numbers from 1, finishing idle
    /// connections after each as the pipeline does, and every connection at the end. For rules of the analysis that do
    /// not depend on decoding (a SACK block or an SSH banner is in the packet bytes only: use <see cref="Run"/>).
    /// </summary>
    /// <param name="stoppedAtMs">When the capture stopped, if later than its last packet (a live capture's stop, pcapng's isb_endtime).</param>
    public ScenarioResult Track(AnalysisOptions? options = null, double? stoppedAtMs = null) =>
        Feed(options, live: null, tickMs: 0, untilMs: 0, standingEveryTicks: 0, stoppedAtMs);

    private Scenario Add(bool fromClient, double atMs, uint seq, uint ack, int len, string flags, ushort window,
        ushort? mss, byte? scale, bool sackPermitted, (uint Left, uint Right)[]? sack, ushort? ipId)
    {
        uint ownIsn = fromClient ? _clientIsn : _serverIsn;
        uint peerIsn = fromClient ? _serverIsn : _clientIsn;
        var spec = new TcpSpec
        {
            Source = fromClient ? _client : _server,
            Destination = fromClient ? _server : _client,
            SourcePort = fromClient ? _clientPort : _serverPort,
            DestinationPort = fromClient ? _serverPort : _clientPort,
            Sequence = ownIsn + seq,
            Acknowledgment = flags.Contains('A', StringComparison.Ordinal) ? peerIsn + ack : 0,
            Flags = flags,
            Window = window,
            PayloadLength = len,
            Mss = mss,
            WindowScale = scale,
            SackPermitted = sackPermitted,
            SackBlocks = sack?.Select(b => (peerIsn + b.Left, peerIsn + b.Right)).ToList() ?? [],
            IpId = ipId ?? _ipId++,
        };
        Raw(atMs, PacketFactory.Ethernet(spec));
        _segments[^1] = (StartNs + (long)(atMs * 1_000_000), SegmentOf(spec));
        return this;
    }

    private static TcpSegment SegmentOf(TcpSpec spec)
    {
        var flags = (TcpFlags)PacketFactory.Flags(spec.Flags);
        return new TcpSegment
        {
            Source = IpAddress.FromIPAddress(spec.Source),
            Destination = IpAddress.FromIPAddress(spec.Destination),
            SourcePort = spec.SourcePort,
            DestinationPort = spec.DestinationPort,
            Sequence = spec.Sequence,
            Acknowledgment = spec.Acknowledgment,
            Flags = flags,
            Window = spec.Window,
            PayloadLength = spec.PayloadLength,
            IpId = spec.IpId,
            WindowScale = (flags & TcpFlags.Syn) != 0 && spec.WindowScale is { } scale ? (sbyte)scale : (sbyte)-1,
        };
    }
}
