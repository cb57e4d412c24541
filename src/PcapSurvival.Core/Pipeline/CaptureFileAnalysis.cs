using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Core.Pipeline;

/// <summary>
/// Runs the analysis over one capture file from start to end (or to the first fault, or to cancellation), with
/// threads picked from what the sink needs (<see cref="SinkNeeds"/>). With two or more cores, reading and decoding run
/// a few thousand packets ahead of the analysis (<see cref="ReadingInTurns"/>), handing over reused batches. A sink
/// that takes packet or event records gets them in capture order on a thread of its own (<see cref="SinkThread"/>),
/// which writes while the analysis goes on. A sink that takes connection records alone, in any order (an
/// <see cref="IOrderFreeSink"/>, the report), has the connections split by their key between analyzing threads
/// (one a core, up to four), which read in turns; each sees every packet's time, so connections finish at the same
/// packet as on one thread. The results are the same, byte for byte, whatever the threads.
/// </summary>
public static class CaptureFileAnalysis
{
    /// <summary>At most this many analyzing threads (<see cref="PacketBatch.Analyzers"/> holds a byte each; a thread takes whole shards).</summary>
    private const int MaxAnalyzingThreads = Tcp.FlowShard.Count;

    /// <summary>
    /// Analyzing threads by default: one a core, up to this many. Reading is about a quarter of the work, and one
    /// thread reads at a time, so more would wait for it.
    /// </summary>
    private const int DefaultAnalyzingThreads = 4;

    /// <summary>
    /// Reads every packet of <paramref name="reader"/> through a <see cref="TrafficAnalyzer"/>. Damage stops the
    /// reading but not the report: everything before it is analyzed and the fault is in the statistics.
    /// </summary>
    /// <param name="progress">Told the fraction of the file consumed, every few tens of thousands of packets.</param>
    /// <param name="cancellation">Stops reading; what was read so far is still completed and reported.</param>
    public static FileStatistics Run(
        CaptureReader reader, AnalysisOptions options, IAnalysisSink sink,
        IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        bool records = (sink.Needs & (SinkNeeds.Packets | SinkNeeds.Events)) != 0;
        // The split threads number streams by ascending frames, which pieces merged by time need not have.
        int threads = !records && sink is IOrderFreeSink && reader.Files.Count == 1
            ? Math.Clamp(options.AnalyzingThreads ?? Math.Min(Environment.ProcessorCount, DefaultAnalyzingThreads), 1, MaxAnalyzingThreads)
            : 1;
        if (threads > 1)
        {
            return RunSplit(reader, options, (IOrderFreeSink)sink, threads, progress, cancellation);
        }

        if (!records || Environment.ProcessorCount == 1)
        {
            return RunOnOneAnalyzer(reader, options, sink, progress, cancellation);
        }

        // The records refer to connections until the other thread has written them: no recycling.
        var output = new SinkThread(sink);
        try
        {
            return RunOnOneAnalyzer(reader, options with { RecycleConnections = false }, output, progress, cancellation, output.HandOver);
        }
        finally
        {
            output.Complete();
        }
    }

    /// <param name="stalled">What to do once the packets read before a stall of the input are analyzed.</param>
    private static FileStatistics RunOnOneAnalyzer(
        CaptureReader reader, AnalysisOptions options, IAnalysisSink sink, IProgress<double>? progress, CancellationToken cancellation,
        Action? stalled = null)
    {
        var analyzer = new TrafficAnalyzer(new CaptureInfo(reader.Name, reader.TimestampDigits) { Files = reader.Files }, options, sink);
        var status = Environment.ProcessorCount > 1
            ? ReadingInTurns.Run(reader, options.Filter, [analyzer], progress, cancellation, stalled)
            : RunOnOneThread(reader, analyzer, progress, cancellation);
        analyzer.Statistics.TimestampDigits = reader.TimestampDigits;
        return analyzer.Complete(status == ReadStatus.Damaged ? reader.Fault : null, reader.StoppedNs);
    }

    /// <summary>One analyzer per thread, each with its share of the connections; their counts are added at the end.</summary>
    private static FileStatistics RunSplit(
        CaptureReader reader, AnalysisOptions options, IOrderFreeSink sink, int threads, IProgress<double>? progress, CancellationToken cancellation)
    {
        var capture = new CaptureInfo(reader.Name, reader.TimestampDigits) { Files = reader.Files };
        sink.FileStarted(capture);
        var streams = new StreamNumbering(threads);
        var gate = new Lock();
        var analyzers = new TrafficAnalyzer[threads];
        for (int i = 0; i < threads; i++)
        {
            analyzers[i] = new TrafficAnalyzer(capture, options, new ShardSink(sink, gate), streams, i);
        }

        var status = ReadingInTurns.Run(reader, options.Filter, analyzers, progress, cancellation);
        var fault = status == ReadStatus.Damaged ? reader.Fault : null;
        var statistics = analyzers[0].Complete(fault, reader.StoppedNs);
        for (int i = 1; i < threads; i++)
        {
            statistics.Add(analyzers[i].Complete(fault, reader.StoppedNs));
        }

        statistics.TimestampDigits = reader.TimestampDigits;
        sink.AssignStreams(streams);
        sink.FileCompleted(statistics);
        return statistics;
    }

    private static ReadStatus RunOnOneThread(CaptureReader reader, TrafficAnalyzer analyzer, IProgress<double>? progress, CancellationToken cancellation)
    {
        int countdown = PacketBatch.Capacity * 4;
        ReadStatus status;
        while ((status = reader.Read(out var packet)) == ReadStatus.Packet)
        {
            analyzer.Process(packet);
            if (--countdown == 0)
            {
                countdown = PacketBatch.Capacity * 4;
                if (cancellation.IsCancellationRequested)
                {
                    break;
                }

                ReportProgress(reader, progress);
            }
        }

        return status;
    }

    internal static void ReportProgress(CaptureReader reader, IProgress<double>? progress)
    {
        if (progress is not null && reader.Progress is double fraction)
        {
            progress.Report(fraction);
        }
    }
}
