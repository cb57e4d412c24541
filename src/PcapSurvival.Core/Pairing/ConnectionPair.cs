using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Pairing;

/// <summary>
/// One connection seen at both capture points, with its addresses as each point saw them (they differ across a
/// NAT). The client is the initiator at A: the SYN's sender, or the first sender when A has no handshake.
/// </summary>
public sealed class ConnectionPair
{
    public const int MaxRecordedOutages = 32;
    private readonly List<PathOutage> _outages = [];

    internal ConnectionPair(int number, int flowA, int flowB, int bDirectionOfClient)
    {
        Number = number;
        FlowA = flowA;
        FlowB = flowB;
        BDirectionOfClient = bDirectionOfClient;
    }

    /// <summary>1-based, in the order the pairs were first matched.</summary>
    public int Number { get; }

    public IpAddress ClientAtA { get; internal set; }

    public ushort ClientPortAtA { get; internal set; }

    public IpAddress ServerAtA { get; internal set; }

    public ushort ServerPortAtA { get; internal set; }

    public IpAddress ClientAtB { get; internal set; }

    public ushort ClientPortAtB { get; internal set; }

    public IpAddress ServerAtB { get; internal set; }

    public ushort ServerPortAtB { get; internal set; }

    /// <summary>The two points saw different addresses or ports: a NAT between them.</summary>
    public bool Translated => ClientAtA != ClientAtB || ClientPortAtA != ClientPortAtB || ServerAtA != ServerAtB || ServerPortAtA != ServerPortAtB;

    /// <summary>How the pair was recognised: "handshake" (the SYN at both), or "segments" (later packets at both).</summary>
    public bool MatchedBySyn { get; internal set; }

    public long FirstSeenAtANs { get; internal set; }

    public long FirstSeenAtBNs { get; internal set; }

    public long PacketsAtA { get; internal set; }

    public long PacketsAtB { get; internal set; }

    /// <summary>The client's initial sequence number (its SYN's), when A saw the handshake.</summary>
    public uint? InitialSequence { get; internal set; }

    public PathDirection ClientToServer { get; } = new();

    public PathDirection ServerToClient { get; } = new();

    /// <summary>Runs of segments lost between the points, at most <see cref="MaxRecordedOutages"/>.</summary>
    public IReadOnlyList<PathOutage> Outages => _outages;

    public long LostBetween => ClientToServer.LostBetween + ServerToClient.LostBetween;

    internal int FlowA { get; }

    internal int FlowB { get; }

    /// <summary>B's direction number (see <see cref="PointFlow"/>) of the client's segments.</summary>
    internal int BDirectionOfClient { get; }

    /// <summary>The first matched segment's t_B - t_A and direction, for orienting the pair before its settled segments say.</summary>
    internal long FirstDifferenceNs { get; set; }

    internal bool FirstFromClient { get; set; }

    internal readonly LossRun[] Runs = [new(), new()];

    public PathDirection Direction(bool fromClient) => fromClient ? ClientToServer : ServerToClient;

    internal void AddOutage(PathOutage outage)
    {
        if (_outages.Count < MaxRecordedOutages)
        {
            _outages.Add(outage);
        }
    }

    /// <summary>The current run of lost segments in one direction.</summary>
    internal sealed class LossRun
    {
        public int Lost;
        public int Retransmissions;
        public long FirstNs;
        public long LastNs;
        public CapturePoint Upstream;
    }
}
