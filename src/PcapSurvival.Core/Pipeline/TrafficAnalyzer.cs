using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pipeline;

/// <summary>
/// One analysis pass over one capture, packet by packet in capture order: decode, count what each packet turned
/// out to be, and hand every TCP segment to the <see cref="ConnectionTracker"/>, which finds its connection and runs
/// the later stages (sequence analysis, outages, verdicts, sinks). It also keeps the capture clock, which finishes
/// idle connections. Nothing is allocated per packet.
/// </summary>
public sealed partial class TrafficAnalyzer
{
    private readonly AnalysisOptions _options;
    private readonly IAnalysisSink _sink;
    private readonly ConnectionTracker _tracker;
    private DecodedPacket _decoded;
    private long _lastFrame;
    private bool _clockStarted;
    private bool _completed;

    public TrafficAnalyzer(CaptureInfo capture, AnalysisOptions options, IAnalysisSink sink)
        : this(capture, options, sink, null, 0)
    {
    }

    /// <param name="streams">When this is one of several threads analyzing a file: where it writes down the
    /// frames that started its connections, under its <paramref name="thread"/> number.</param>
    internal TrafficAnalyzer(CaptureInfo capture, AnalysisOptions options, IAnalysisSink sink, StreamNumbering? streams, int thread)
    {
        _options = options;
        _sink = sink;
        Statistics = new FileStatistics(capture.Name) { TimestampDigits = capture.TimestampDigits };
        _tracker = new ConnectionTracker(options, sink, Statistics, streams, thread);
        sink.FileStarted(capture);
    }

    public FileStatistics Statistics { get; }

    /// <summary>Connections currently held (for status displays).</summary>
    public int LiveConnections => _tracker.Count;

    /// <summary>Connections evicted so far to stay under <see cref="AnalysisOptions.MaxConnections"/> (for status displays).</summary>
    public long EvictedConnections => _tracker.EvictedConnections;

    /// <summary>Analyzes one packet record as it comes from a reader or a live device.</summary>
    public void Process(in RawPacket packet)
    {
        DecodedPacket.Decode(packet, _options.Filter, ref _decoded);
        Process(ref _decoded);
    }

    /// <summary>Analyzes one packet record that was already filtered and decoded (possibly on another thread).</summary>
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
            _tracker.Process(packet.Key, ref packet.Segment, packet.Frame, now, packet.StartsWithSshBanner);
        }
        else if (packet.Outcome == DecodeOutcome.ShortTcpSegment)
        {
            _tracker.Attribute(packet.Key, packet.Segment, packet.Frame, now);
        }

        _tracker.FinishIdle(now, _lastFrame);
    }

    /// <summary>
    /// A packet that another thread analyzes (see <see cref="CaptureFileAnalysis"/>): only the capture clock moves,
    /// so that this thread's idle connections are finished at the same packet, and time, as in a run on one thread.
    /// </summary>
    internal void PassBy(ref DecodedPacket packet)
    {
        MoveClock(ref packet);
        _tracker.FinishIdle(packet.TimeNs, _lastFrame);
    }

    /// <summary>Whether a packet at <paramref name="now"/> would finish a connection as idle: if not, it need not pass by.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool HasIdleConnections(long now) => _tracker.HasIdleConnections(now);

    /// <summary>Finishes every connection still open and reports the file's totals. Call once, at the end.</summary>
    /// <param name="stoppedNs">
    /// When the capture stopped, if known beyond its last packet (a live capture's stop, pcapng's isb_endtime): a
    /// connection silent until then was silent for that long, even with no packet to show it.
    /// </param>
    public FileStatistics Complete(CaptureFault? fault = null, long? stoppedNs = null)
    {
        if (_completed)
        {
            return Statistics;
        }

        _completed = true;
        Statistics.Fault = fault;
        // Live, the clock's last tick is a time the capture was still watching too (TrafficAnalyzer.Live).
        long stopped = Math.Max(stoppedNs ?? long.MinValue, _clockNs);
        _tracker.FinishAll(Statistics.LastTimestampNs, _lastFrame, Math.Max(Statistics.LastTimestampNs, stopped));
        Statistics.Connections = _tracker.StreamsCreated;
        Statistics.EvictedConnections = _tracker.EvictedConnections;
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
}
