using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pipeline;

/// <summary>
/// The single analysis pass over one capture: decode, find the connection, run Wireshark's per-packet
/// analysis, follow state and outages, and hand every result to the sink as it is produced.
/// Packets are processed in capture order and nothing is allocated per packet.
/// </summary>
public sealed class TrafficAnalyzer : IOutageObserver
{
    private readonly AnalysisOptions _options;
    private readonly IAnalysisSink _sink;
    private readonly ConnectionTable _table = new();
    private readonly long _idleTimeoutNs;
    private readonly long _finishedTimeoutNs;
    private readonly long _portReuseMemoryNs;
    private readonly StreamNumbering? _streams;
    private readonly int _thread;

    // Whether the sink takes packet and event records: a thread of a split run only reports finished connections,
    // and building records nobody reads took 8% of the native build's time (tools/bench-README.md, third round).
    private readonly bool _records;
    private DecodedPacket _decoded;
    private long _lastFrame;
    private bool _clockStarted;
    private bool _completed;

    public TrafficAnalyzer(CaptureInfo capture, AnalysisOptions options, IAnalysisSink sink)
        : this(capture, options, sink, null, 0)
    {
    }

    /// <param name="streams">When this is one of several threads analysing a file: where it writes down the
    /// frames that started its connections, under its <paramref name="thread"/> number.</param>
    internal TrafficAnalyzer(CaptureInfo capture, AnalysisOptions options, IAnalysisSink sink, StreamNumbering? streams, int thread)
    {
        _streams = streams;
        _thread = thread;
        _records = streams is null;
        _options = options;
        _sink = sink;
        _idleTimeoutNs = options.IdleTimeout.Ticks * 100;
        _finishedTimeoutNs = options.FinishedTimeout.Ticks * 100;
        _portReuseMemoryNs = options.PortReuseMemory.Ticks * 100;
        Statistics = new FileStatistics(capture.Name) { TimestampDigits = capture.TimestampDigits };
        sink.FileStarted(capture);
    }

    public FileStatistics Statistics { get; }

    /// <summary>Connections currently held (for status displays).</summary>
    public int LiveConnections => _table.Count;

    /// <summary>Analyses one packet record as it comes from a reader or a live device.</summary>
    public void Process(in RawPacket packet)
    {
        DecodedPacket.Decode(packet, _options.Filter, ref _decoded);
        Process(ref _decoded);
    }

    /// <summary>Analyses one packet record that was already filtered and decoded (possibly on another thread).</summary>
    public void Process(ref DecodedPacket packet)
    {
        var statistics = Statistics;
        long now = packet.TimeNs;
        MoveClock(ref packet);
        statistics.Packets++;
        if (packet.Filtered)
        {
            statistics.Filtered++;
            return;
        }

        statistics.CountOutcome(packet.Outcome);
        if (packet.Outcome == DecodeOutcome.Tcp)
        {
            ProcessSegment(packet.Key, ref packet.Segment, packet.Frame, now, packet.StartsWithSshBanner);
        }
        else if (packet.Outcome == DecodeOutcome.ShortTcpSegment)
        {
            // Wireshark gives such a packet its conversation (and may start a new one on port reuse), no analysis.
            FindConnection(packet.Key, packet.Segment, packet.Frame, now, out _, out _);
        }

        // After the packet, as Wireshark never forgets: the connection a packet belongs to is never evicted from
        // under it, however long it was quiet; only the others are.
        EvictIdle(now);
    }

    /// <summary>
    /// A packet that another thread analyses (see <see cref="CaptureFileAnalysis"/>): only the capture clock moves,
    /// so that this thread's idle connections are finished at the same packet, and time, as in a run on one thread.
    /// </summary>
    internal void PassBy(ref DecodedPacket packet)
    {
        MoveClock(ref packet);
        EvictIdle(packet.TimeNs);
    }

    /// <summary>Whether a packet at <paramref name="now"/> would finish a connection as idle: if not, it need not pass by.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool HasIdleConnections(long now) => _table.HasIdle(now - _idleTimeoutNs, now - _finishedTimeoutNs);

    /// <summary>Finishes every connection still open and reports the file's totals. Call once, at the end.</summary>
    public FileStatistics Complete(CaptureFault? fault = null)
    {
        if (_completed)
        {
            return Statistics;
        }

        _completed = true;
        Statistics.Fault = fault;
        foreach (var connection in _table.RemoveAll())
        {
            Finish(connection, Statistics.LastTimestampNs, _lastFrame, remember: false);
        }

        Statistics.Connections = _table.StreamsCreated;
        _sink.FileCompleted(Statistics);
        return Statistics;
    }

    /// <summary>Moves the capture clock to a packet's time and frame (the first packet's time is the file's start).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void MoveClock(ref DecodedPacket packet)
    {
        if (!_clockStarted)
        {
            _clockStarted = true;
            Statistics.FirstTimestampNs = packet.TimeNs;
        }

        Statistics.LastTimestampNs = packet.TimeNs;
        _lastFrame = packet.Frame;
    }

    private void ProcessSegment(in FlowKey key, ref TcpSegment segment, long frame, long now, bool startsWithSshBanner)
    {
        var connection = FindConnection(key, segment, frame, now, out var initialFlags, out long previousStream);
        bool fromClient = connection.IsFromClient(segment);
        ref var fwd = ref connection.From(fromClient);
        ref var rev = ref connection.From(!fromClient);
        uint previousNextSeq = fwd.NextSeq;
        long previousPacketNs = connection.LastSeenNs;
        long previousFrame = connection.LastFrame;
        uint windowScaled = !segment.Has(TcpFlags.Syn) && fwd.WindowScale >= 0 ? (uint)segment.Window << fwd.WindowScale : segment.Window;

        var flags = SequenceAnalyzer.Analyze(connection, ref fwd, ref rev, segment, frame, now, initialFlags, out int dupAckNumber);

        int length = segment.PayloadLength;
        uint synOrFin = segment.Has(TcpFlags.Syn) || segment.Has(TcpFlags.Fin) ? 1u : 0u;
        fwd.Packets++;
        fwd.PayloadBytes += length;
        connection.FlagCounts.Add(flags);
        if (length > 0 || synOrFin != 0)
        {
            fwd.InFlight.Sent(segment.Sequence + (uint)length + synOrFin, now, frame);
        }

        if (segment.Has(TcpFlags.Ack))
        {
            rev.InFlight.Acknowledged(segment.Acknowledgment);
        }

        if (startsWithSshBanner && fwd.PayloadBytes <= 4096)
        {
            connection.IsSsh = true; // an SSH banner at the start of a stream, whatever the port
        }

        UpdateState(connection, ref fwd, segment, fromClient, frame, now);
        connection.Tracker.Observe(connection, fromClient, segment, flags, now, frame, previousPacketNs, previousFrame, _options.Outages, this);
        connection.LastSeenNs = now;
        connection.LastFrame = frame;
        _table.Touch(connection, IsFinished(connection));

        if (!_records)
        {
            return;
        }

        uint relativeAck = segment.Has(TcpFlags.Ack) ? segment.Acknowledgment - rev.BaseSeq : 0;
        _sink.Packet(new PacketRecord(
            frame, now, now - Statistics.FirstTimestampNs, connection, fromClient, segment.Flags, fwd.RelativeSequence(segment.Sequence), relativeAck,
            length, segment.Window, windowScaled, flags, dupAckNumber));

        if (flags != AnalysisFlags.None)
        {
            ReportFlags(connection, in fwd, segment, fromClient, flags, frame, now, previousNextSeq, dupAckNumber, previousStream, relativeAck);
        }
    }

    /// <summary>
    /// The connection a segment belongs to, created if new. Applies Wireshark's port-reuse rules (dissect_tcp):
    /// a SYN with a new initial sequence number starts a new stream; a SYN/ACK with a new one re-bases the
    /// same stream; a repeated SYN rewinds nextseq.
    /// </summary>
    private Connection FindConnection(in FlowKey key, in TcpSegment segment, long frame, long now, out AnalysisFlags initialFlags, out long previousStream)
    {
        var connection = _table.Find(key);
        initialFlags = AnalysisFlags.None;
        previousStream = -1;
        if (connection is null)
        {
            // A finished connection on these ports: Wireshark would still apply its port-reuse rule to a new SYN.
            if ((segment.Flags & TcpFlags.Syn) != 0 && _table.TryFindFinished(key, now - _portReuseMemoryNs, out var finished)
                && finished.TryGetBaseOfSender(segment, out uint oldBase) && segment.Sequence != oldBase)
            {
                initialFlags = AnalysisFlags.ReusedPorts;
                previousStream = finished.Stream;
            }

            return Open(key, segment, now, frame);
        }

        ref var sender = ref connection.From(connection.IsFromClient(segment));
        var synAck = segment.Flags & (TcpFlags.Syn | TcpFlags.Ack);
        if (synAck == TcpFlags.Syn && sender.BaseSeqSet)
        {
            if (segment.Sequence != sender.BaseSeq)
            {
                previousStream = connection.Stream;
                Finish(connection, now, frame);
                connection = Open(key, segment, now, frame);
                initialFlags = AnalysisFlags.ReusedPorts;
            }
            else
            {
                sender.NextSeq = sender.MaxSeqToBeAcked;
            }
        }
        else if (synAck == (TcpFlags.Syn | TcpFlags.Ack) && sender.BaseSeqSet && segment.Sequence != sender.BaseSeq)
        {
            sender.BaseSeq = segment.Sequence;
            initialFlags = AnalysisFlags.ReusedPorts;
            previousStream = connection.Stream;
        }

        return connection;
    }

    private Connection Open(in FlowKey key, in TcpSegment segment, long now, long frame)
    {
        var connection = _table.Create(key, segment, now, frame);
        _streams?.Started(_thread, frame);
        connection.IsSsh = segment.SourcePort == 22 || segment.DestinationPort == 22;
        connection.State = (segment.Flags & (TcpFlags.Syn | TcpFlags.Ack)) switch
        {
            TcpFlags.Syn => ConnectionState.SynSent,
            TcpFlags.Syn | TcpFlags.Ack => ConnectionState.SynReceived,
            _ => ConnectionState.Established,
        };
        if (_records)
        {
            _sink.Event(new EventRecord(frame, now, connection, EventKind.State, connection.IsFromClient(segment), State: connection.State, Number: 1));
        }
        return connection;
    }

    /// <summary>Follows the connection's observed state and reports RST, FIN and state changes.</summary>
    private void UpdateState(Connection connection, ref FlowState fwd, in TcpSegment segment, bool fromClient, long frame, long now)
    {
        var before = connection.State;
        var state = before;
        fwd.SawAck |= segment.Has(TcpFlags.Ack);
        if (segment.Has(TcpFlags.Syn))
        {
            fwd.SawSyn = true;
            if (segment.Has(TcpFlags.Ack) && state == ConnectionState.SynSent)
            {
                state = ConnectionState.SynReceived;
            }
        }
        else if (state is ConnectionState.SynSent or ConnectionState.SynReceived && !segment.Has(TcpFlags.Rst)
            && (segment.Has(TcpFlags.Ack) || segment.PayloadLength > 0))
        {
            state = ConnectionState.Established;
        }

        if (segment.Has(TcpFlags.Fin))
        {
            fwd.SawFin = true;
            if (_records)
            {
                _sink.Event(new EventRecord(frame, now, connection, EventKind.Fin, fromClient));
            }
            if (state != ConnectionState.Reset)
            {
                state = connection.Client.SawFin && connection.Server.SawFin ? ConnectionState.Closed : ConnectionState.HalfClosed;
            }
        }

        if (segment.Has(TcpFlags.Rst))
        {
            fwd.SawRst = true;
            connection.Resets++;
            if (_records)
            {
                _sink.Event(new EventRecord(frame, now, connection, EventKind.Rst, fromClient));
            }
            state = ConnectionState.Reset;
        }

        if (state != before)
        {
            connection.State = state;
            if (_records)
            {
                _sink.Event(new EventRecord(frame, now, connection, EventKind.State, fromClient, State: state));
            }
        }
    }

    /// <summary>
    /// Reset, or closed with everything acknowledged: only stray packets can follow, so the connection is kept only
    /// the short <see cref="AnalysisOptions.FinishedTimeout"/>. A closed connection whose FIN or data is still
    /// unacknowledged may go on retransmitting for minutes, so it stays with the open ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsFinished(Connection connection) =>
        connection.State == ConnectionState.Reset
        || (connection.State == ConnectionState.Closed && connection.ClientFlow.InFlight.Count == 0 && connection.ServerFlow.InFlight.Count == 0);

    private void ReportFlags(
        Connection connection, in FlowState fwd, in TcpSegment segment, bool fromClient, AnalysisFlags flags,
        long frame, long now, uint previousNextSeq, int dupAckNumber, long previousStream, uint relativeAck)
    {
        uint relativeSeq = fwd.RelativeSequence(segment.Sequence);
        for (int i = 0; i < AnalysisFlagNames.Entries.Length; i++)
        {
            var flag = AnalysisFlagNames.Entries[i].Flag;
            if ((flags & flag) == 0)
            {
                continue;
            }

            long number = 0;
            long relatedFrame = 0;
            long delay = 0;
            switch (flag)
            {
                case AnalysisFlags.Retransmission:
                case AnalysisFlags.FastRetransmission:
                case AnalysisFlags.SpuriousRetransmission:
                case AnalysisFlags.OutOfOrder:
                    if (fwd.InFlight.TryFind(segment.Sequence, out long firstSent, out relatedFrame))
                    {
                        delay = now - firstSent;
                    }

                    break;
                case AnalysisFlags.LostSegment:
                    number = segment.Sequence - previousNextSeq;
                    break;
                case AnalysisFlags.AckLostSegment:
                    number = relativeAck;
                    break;
                case AnalysisFlags.DuplicateAck:
                    number = dupAckNumber;
                    relatedFrame = fwd.LastNonDupAckFrame;
                    break;
                case AnalysisFlags.WindowUpdate:
                    number = segment.Window;
                    break;
                case AnalysisFlags.ReusedPorts:
                    number = previousStream;
                    break;
            }

            _sink.Event(new EventRecord(frame, now, connection, EventKind.Analysis, fromClient, flag,
                RelativeSeq: relativeSeq, PayloadLength: segment.PayloadLength, Number: number, RelatedFrame: relatedFrame, DelayNs: delay));
        }
    }

    private void EvictIdle(long now)
    {
        while (_table.EvictOneIdle(now - _idleTimeoutNs, now - _finishedTimeoutNs) is { } idle)
        {
            Finish(idle, now, _lastFrame);
            if (_options.RecycleConnections)
            {
                _table.Recycle(idle); // out of the table and reported: nothing of ours refers to it any more
            }
        }
    }

    /// <param name="remember">Keep a tombstone for port-reuse detection: pointless once the capture is over.</param>
    private void Finish(Connection connection, long endNs, long endFrame, bool remember = true)
    {
        if (remember)
        {
            _table.Remember(connection, endNs, endNs - _portReuseMemoryNs);
        }

        connection.Tracker.Finish(connection, endNs, endFrame, _options.Outages, this);
        connection.Verdict = VerdictRules.Decide(connection);
        Statistics.CountVerdict(connection.Verdict);
        _sink.ConnectionFinished(connection);
    }

    void IOutageObserver.OutageStarted(Connection connection, Outage outage)
    {
        if (_records)
        {
            _sink.Event(new EventRecord(outage.StartFrame, outage.StartNs, connection, EventKind.OutageStart, outage.ClientStalled, Outage: outage));
        }
    }

    void IOutageObserver.OutageEnded(Connection connection, Outage outage)
    {
        if (_records)
        {
            _sink.Event(new EventRecord(outage.EndFrame, outage.EndNs, connection, EventKind.OutageEnd, outage.ClientStalled, Outage: outage));
        }
    }
}
