using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Follows every TCP connection of one capture, segment by segment: finds the segment's connection (Wireshark's
/// port-reuse rules), runs the sequence analysis, counts each direction, moves the state, lets the outage detector
/// see the segment, and hands each result to the sink as it is produced. Connections idle for too long, replaced by a
/// port reuse, or still open at the end are finished: outages closed, verdict decided, handed to the sink.
/// Nothing is allocated per segment.
/// </summary>
internal sealed partial class ConnectionTracker : IOutageObserver
{
    private readonly AnalysisOptions _options;
    private readonly IAnalysisSink _sink;
    private readonly FileStatistics _statistics;
    private readonly ConnectionTable _table;
    private readonly long _idleTimeoutNs;
    private readonly long _finishedTimeoutNs;
    private readonly long _portReuseMemoryNs;
    private readonly StreamNumbering? _streams;
    private readonly int _thread;

    // Whether the sink takes packet and event records: building records nobody reads (the report, a thread of a split
    // run) took 8% of the native build's time (tools/bench-README.md, third round).
    private readonly bool _packets;
    private readonly bool _events;

    // Whether a sink shows Zeek's history and the RTT measures: the report does not, and they cost it 7% (issue 15).
    private readonly bool _measures;

    /// <param name="streams">When this is one of several threads analyzing a file: where it writes down the
    /// frames that started its connections, under its <paramref name="thread"/> number.</param>
    public ConnectionTracker(AnalysisOptions options, IAnalysisSink sink, FileStatistics statistics, StreamNumbering? streams = null, int thread = 0)
    {
        _options = options;
        _sink = sink;
        _statistics = statistics;
        _streams = streams;
        _thread = thread;
        _packets = (sink.Needs & SinkNeeds.Packets) != 0;
        _events = (sink.Needs & SinkNeeds.Events) != 0;
        _measures = (sink.Needs & SinkNeeds.Measures) != 0;
        _table = new ConnectionTable(options.MaxConnections);
        _idleTimeoutNs = options.IdleTimeout.Ticks * 100;
        _finishedTimeoutNs = options.FinishedTimeout.Ticks * 100;
        _portReuseMemoryNs = options.PortReuseMemory.Ticks * 100;
    }

    /// <summary>Connections currently held.</summary>
    public int Count => _table.Count;

    /// <summary>Streams started so far (tshark's tcp.stream count).</summary>
    public long StreamsCreated => _table.StreamsCreated;

    /// <summary>Connections evicted so far to stay under <see cref="AnalysisOptions.MaxConnections"/>.</summary>
    public long EvictedConnections => _table.EvictedForRoom;

    /// <summary>One TCP segment at capture time <paramref name="now"/>.</summary>
    public void Process(in FlowKey key, ref TcpSegment segment, long frame, long now, bool startsWithSshBanner)
    {
        var connection = FindConnection(key, segment, frame, now, out var initialFlags, out long previousStream);
        bool fromClient = connection.IsFromClient(segment);
        ref var fwd = ref connection.From(fromClient);
        ref var rev = ref connection.From(!fromClient);
        if (fwd.CopyWatch.IsCopy(segment, now))
        {
            CaptureCopy(connection, ref fwd, ref rev, segment, fromClient, frame, now);
            return;
        }

        uint previousNextSeq = fwd.NextSeq;
        long previousPacketNs = connection.LastSeenNs;
        long previousFrame = connection.LastFrame;
        uint windowScaled = !segment.Has(TcpFlags.Syn) && fwd.WindowScale >= 0 ? (uint)segment.Window << fwd.WindowScale : segment.Window;

        var flags = SequenceAnalyzer.Analyze(connection, ref fwd, ref rev, segment, frame, now, initialFlags, out int dupAckNumber);
        if (_measures)
        {
            connection.Measures.Observe(fromClient, ref fwd, ref rev, segment, now);
            connection.Zeek.Observe(fromClient, segment, _options.ZeekServerPorts);
        }

        int length = segment.PayloadLength;
        uint synOrFin = segment.Has(TcpFlags.Syn) || segment.Has(TcpFlags.Fin) ? 1u : 0u;
        fwd.Packets++;
        fwd.PayloadBytes += length;
        fwd.RetransmittedBytes += (flags & AnalysisFlags.AnyRetransmission) != 0 ? length : 0;
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

        var stateBefore = connection.State;
        MoveState(connection, ref fwd, segment, fromClient, frame, now);
        connection.Tracker.Observe(connection, fromClient, segment, flags, now, frame, previousPacketNs, previousFrame, _options.Outages, this);
        if (_live is not null && connection.State != stateBefore)
        {
            SayIfEnded(connection, now);
        }
        connection.LastSeenNs = now;
        connection.LastFrame = frame;
        _table.Touch(connection, ConnectionStateMachine.IsFinished(connection));

        if (_packets || _events)
        {
            Report(connection, ref fwd, ref rev, segment, fromClient, flags, frame, now, previousNextSeq, dupAckNumber, previousStream, windowScaled);
        }
    }

    /// <summary>The packet's record and its events, for the sinks that take them (not the report).</summary>
    private void Report(
        Connection connection, ref FlowState fwd, ref FlowState rev, in TcpSegment segment, bool fromClient, AnalysisFlags flags, long frame, long now,
        uint previousNextSeq, int dupAckNumber, long previousStream, uint windowScaled)
    {
        int length = segment.PayloadLength;
        uint relativeAck = segment.Has(TcpFlags.Ack) ? segment.Acknowledgment - rev.BaseSeq : 0;
        if (_packets)
        {
            _sink.Packet(new PacketRecord(
                frame, now, now - _statistics.FirstTimestampNs, connection, fromClient, segment.Flags, fwd.RelativeSequence(segment.Sequence), relativeAck,
                length, segment.Window, windowScaled, flags, dupAckNumber)
            { SackBlockCount = segment.SackBlockCount, Sack = PacketRecord.RelativeSack(segment, rev.BaseSeq) });
        }

        if (_events && flags != AnalysisFlags.None)
        {
            FlagEvents.Report(_sink, connection, in fwd, segment, fromClient, flags, frame, now, previousNextSeq, dupAckNumber, previousStream, relativeAck);
        }
    }

    /// <summary>
    /// The same packet captured again at another point (<see cref="CaptureCopyWatch"/>): counted on its own, and its
    /// packet record says so and nothing else: it is neither a retransmission nor a duplicate ACK, nor outage evidence.
    /// </summary>
    private void CaptureCopy(Connection connection, ref FlowState fwd, ref FlowState rev, in TcpSegment segment, bool fromClient, long frame, long now)
    {
        fwd.CaptureDuplicates++;
        connection.LastFrame = frame;
        if (_packets)
        {
            uint relativeAck = segment.Has(TcpFlags.Ack) ? segment.Acknowledgment - rev.BaseSeq : 0;
            uint windowScaled = !segment.Has(TcpFlags.Syn) && fwd.WindowScale >= 0 ? (uint)segment.Window << fwd.WindowScale : segment.Window;
            _sink.Packet(new PacketRecord(
                frame, now, now - _statistics.FirstTimestampNs, connection, fromClient, segment.Flags, fwd.RelativeSequence(segment.Sequence), relativeAck,
                segment.PayloadLength, segment.Window, windowScaled, AnalysisFlags.CaptureDuplicate, 0)
            { SackBlockCount = segment.SackBlockCount, Sack = PacketRecord.RelativeSack(segment, rev.BaseSeq) });
        }
    }

    /// <summary>
    /// A segment too short to analyze: Wireshark gives it its conversation (and may start a new one on port reuse),
    /// no analysis.
    /// </summary>
    public void Attribute(in FlowKey key, in TcpSegment segment, long frame, long now) =>
        FindConnection(key, segment, frame, now, out _, out _);

    /// <summary>Whether a packet at <paramref name="now"/> would finish a connection as idle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasIdleConnections(long now) => _table.HasIdle(now, _idleTimeoutNs, _finishedTimeoutNs);

    /// <summary>
    /// Finishes the connections idle at <paramref name="now"/>. Called after each packet, as Wireshark never
    /// forgets: the connection a packet belongs to is never evicted from under it, however long it was quiet.
    /// </summary>
    public void FinishIdle(long now, long frame)
    {
        while (_table.EvictOneIdle(now, _idleTimeoutNs, _finishedTimeoutNs) is { } idle)
        {
            Retire(idle, now, frame);
        }
    }

    /// <summary>Finishes a connection taken out of the table, and keeps its object for reuse when allowed.</summary>
    private void Retire(Connection connection, long now, long frame, bool remember = true)
    {
        Finish(connection, now, frame, remember);
        if (_options.RecycleConnections)
        {
            _table.Recycle(connection); // out of the table and reported: nothing of ours refers to it any more
        }
    }

    /// <summary>Finishes every connection still open, at the end of the capture.</summary>
    /// <param name="endNs">The capture's last packet.</param>
    /// <param name="stoppedNs">When the capture stopped: its last packet, or later when the capture says so.</param>
    public void FinishAll(long endNs, long endFrame, long stoppedNs)
    {
        foreach (var connection in _table.RemoveAll())
        {
            Finish(connection, endNs, endFrame, remember: false, stoppedNs);
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
        var connection = _table.Create(key, segment, now, frame, out var evicted);
        if (evicted is not null)
        {
            // A SYN never answered, evicted for room (a flood's), leaves no tombstone: they would fill that table too.
            Retire(evicted, now, frame, remember: !evicted.Unanswered);
        }

        _streams?.Started(_thread, frame);
        connection.IsSsh = segment.SourcePort == 22 || segment.DestinationPort == 22;
        connection.State = ConnectionStateMachine.Initial(segment);
        if (_events)
        {
            _sink.Event(new EventRecord(frame, now, connection, EventKind.State, connection.IsFromClient(segment), State: connection.State, Number: 1));
        }

        return connection;
    }

    /// <summary>Moves the connection's state and reports RST, FIN and state changes.</summary>
    private void MoveState(Connection connection, ref FlowState sender, in TcpSegment segment, bool fromClient, long frame, long now)
    {
        var before = connection.State;
        var state = ConnectionStateMachine.Next(connection, ref sender, segment);
        if (segment.Has(TcpFlags.Rst))
        {
            connection.Resets++;
        }

        if (_events)
        {
            if (segment.Has(TcpFlags.Fin))
            {
                _sink.Event(new EventRecord(frame, now, connection, EventKind.Fin, fromClient));
            }

            if (segment.Has(TcpFlags.Rst))
            {
                _sink.Event(new EventRecord(frame, now, connection, EventKind.Rst, fromClient));
            }
        }

        if (state != before)
        {
            connection.State = state;
            if (_events)
            {
                _sink.Event(new EventRecord(frame, now, connection, EventKind.State, fromClient, State: state));
            }
        }
    }

    /// <param name="remember">Keep a tombstone for port-reuse detection: pointless once the capture is over.</param>
    private void Finish(Connection connection, long endNs, long endFrame, bool remember = true, long stoppedNs = long.MinValue)
    {
        if (remember)
        {
            _table.Remember(connection, endNs, endNs - _portReuseMemoryNs);
        }

        connection.Tracker.Finish(connection, endNs, endFrame, _options.Outages, this, captureEnd: !remember, stoppedNs);
        _stalled?.Remove(connection);
        connection.Verdict = VerdictRules.Decide(connection);
        _statistics.CountVerdict(connection.Verdict);
        _sink.ConnectionFinished(connection);
    }

    void IOutageObserver.OutageStarted(Connection connection, Outage outage)
    {
        WatchIfStalled(connection, outage);
        if (_events)
        {
            _sink.Event(new EventRecord(outage.StartFrame, outage.StartNs, connection, EventKind.OutageStart, outage.ClientStalled, Outage: outage));
        }
    }

    void IOutageObserver.OutageEnded(Connection connection, Outage outage)
    {
        UnwatchUnlessStalled(connection);
        if (_events)
        {
            _sink.Event(new EventRecord(outage.EndFrame, outage.EndFrameNs, connection, EventKind.OutageEnd, outage.ClientStalled, Outage: outage));
        }
    }
}
