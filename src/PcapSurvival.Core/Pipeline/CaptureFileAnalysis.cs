using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pipeline;

/// <summary>
/// Runs the analysis over one capture file from start to end (or to the first fault, or to cancellation).
/// With two or more cores, reading and decoding run on their own thread, a few thousand packets ahead of the
/// analysis, handing over reused batches: the results are the same, packet for packet, in the same order.
/// When the sink is an <see cref="IOrderFreeSink"/> (the report alone), the connections are also split between two
/// analysing threads by their key; each thread sees every packet's time, so connections finish at the same packet
/// as on one thread, and the report is the same.
/// </summary>
public static class CaptureFileAnalysis
{
    private const int BatchesInFlight = 6;

    /// <summary>At most this many analysing threads (<see cref="PacketBatch.Analysers"/> holds a byte each).</summary>
    private const int MaxAnalysingThreads = 64;

    /// <summary>
    /// Reads every packet of <paramref name="reader"/> through a <see cref="TrafficAnalyzer"/>. Damage stops the
    /// reading but not the report: everything before it is analysed and the fault is in the statistics.
    /// </summary>
    /// <param name="progress">Told the fraction of the file consumed, every few tens of thousands of packets.</param>
    /// <param name="cancellation">Stops reading; what was read so far is still completed and reported.</param>
    public static FileStatistics Run(
        CaptureReader reader, AnalysisOptions options, IAnalysisSink sink,
        IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        int threads = sink is IOrderFreeSink
            ? Math.Clamp(options.AnalysingThreads ?? (Environment.ProcessorCount > 1 ? 2 : 1), 1, MaxAnalysingThreads)
            : 1;
        if (threads > 1)
        {
            return RunSplit(reader, options, (IOrderFreeSink)sink, threads, progress, cancellation);
        }

        var analyzer = new TrafficAnalyzer(new CaptureInfo(reader.Name, reader.TimestampDigits), options, sink);
        var status = Environment.ProcessorCount > 1
            ? RunWithReadingThread(reader, [analyzer], options.Filter, progress, cancellation)
            : RunOnOneThread(reader, analyzer, progress, cancellation);
        analyzer.Statistics.TimestampDigits = reader.TimestampDigits;
        return analyzer.Complete(status == ReadStatus.Damaged ? reader.Fault : null);
    }

    /// <summary>One analyser per thread, each with its share of the connections; their counts are added at the end.</summary>
    private static FileStatistics RunSplit(
        CaptureReader reader, AnalysisOptions options, IOrderFreeSink sink, int threads, IProgress<double>? progress, CancellationToken cancellation)
    {
        var capture = new CaptureInfo(reader.Name, reader.TimestampDigits);
        sink.FileStarted(capture);
        var streams = new StreamNumbering(threads);
        var gate = new Lock();
        var analyzers = new TrafficAnalyzer[threads];
        for (int i = 0; i < threads; i++)
        {
            analyzers[i] = new TrafficAnalyzer(capture, options, new ShardSink(sink, gate), streams, i);
        }

        var status = RunWithReadingThread(reader, analyzers, options.Filter, progress, cancellation);
        var fault = status == ReadStatus.Damaged ? reader.Fault : null;
        var statistics = analyzers[0].Complete(fault);
        for (int i = 1; i < threads; i++)
        {
            statistics.Add(analyzers[i].Complete(fault));
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

    /// <summary>
    /// A reading thread decodes batches and hands each to every analyser: the first on this thread, the others on
    /// threads of their own. A batch goes back to the reader when all of them are done with it. A failure on any
    /// thread stops all of them, and is thrown here once they are gone.
    /// </summary>
    private static ReadStatus RunWithReadingThread(
        CaptureReader reader, TrafficAnalyzer[] analyzers, IPacketFilter? filter, IProgress<double>? progress, CancellationToken cancellation)
    {
        using var free = new BlockingCollection<PacketBatch>(BatchesInFlight);
        var full = new BlockingCollection<PacketBatch>[analyzers.Length];
        for (int i = 0; i < full.Length; i++)
        {
            full[i] = new BlockingCollection<PacketBatch>(BatchesInFlight);
        }

        for (int i = 0; i < BatchesInFlight; i++)
        {
            free.Add(new PacketBatch(split: analyzers.Length > 1), CancellationToken.None);
        }

        using var stop = new CancellationTokenSource();
        var workers = new List<Thread>(analyzers.Length);
        ExceptionDispatchInfo? failure = null;
        void Fail(Exception e)
        {
            Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            stop.Cancel();
        }

        void OnOwnThread(string name, Action work)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    work();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Another thread failed: its failure is the one thrown.
                }
                catch (Exception e)
                {
                    Fail(e);
                }
            })
            { IsBackground = true, Name = name };
            workers.Add(thread);
            thread.Start();
        }

        ReadStatus end = ReadStatus.EndOfFile;
        try
        {
            OnOwnThread("pcapsurvival reader", () => Read(reader, filter, free, full, progress, cancellation, stop.Token));
            for (int i = 1; i < analyzers.Length; i++)
            {
                int index = i;
                OnOwnThread($"pcapsurvival analysis {index}", () => Analyse(analyzers[index], index, analyzers.Length, full[index], free, stop.Token));
            }

            end = Analyse(analyzers[0], 0, analyzers.Length, full[0], free, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Another thread failed: its failure is thrown below.
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            // Everyone is gone before the batches' collections are disposed: after the end, the other analysers finish
            // the batches they have not done yet; after a failure, they stop at once.
            foreach (var worker in workers)
            {
                worker.Join();
            }

            foreach (var queue in full)
            {
                queue.Dispose();
            }
        }

        failure?.Throw();
        return end;
    }

    /// <summary>An analysing thread: it analyses the packets of its own connections, and the others only move its clock.</summary>
    private static ReadStatus Analyse(
        TrafficAnalyzer analyzer, int index, int threads, BlockingCollection<PacketBatch> full, BlockingCollection<PacketBatch> free, CancellationToken stop)
    {
        while (true)
        {
            var batch = full.Take(stop);
            var packets = batch.Packets;
            int count = batch.Count;
            if (threads == 1)
            {
                for (int i = 0; i < count; i++)
                {
                    analyzer.Process(ref packets[i]);
                }
            }
            else if (count > 0)
            {
                var analysers = batch.Analysers;
                var times = batch.TimesNs;
                analyzer.MoveClock(ref packets[0]); // the file's first time, on the first batch
                for (int i = 0; i < count; i++)
                {
                    if (analysers[i] == index)
                    {
                        analyzer.Process(ref packets[i]);
                    }
                    else if (analyzer.HasIdleConnections(times[i]))
                    {
                        analyzer.PassBy(ref packets[i]);
                    }
                }

                analyzer.MoveClock(ref packets[count - 1]); // where the clock stands if the file ends here
            }

            // Read before letting go of the batch: once every analyser has, the reader refills it.
            var end = batch.End;
            if (Interlocked.Decrement(ref batch.Pending) == 0 && end is null)
            {
                free.Add(batch, stop);
            }

            if (end is { } status)
            {
                return status;
            }
        }
    }

    /// <summary>Which analyser a packet is for: the one of its connection's key; anything else, the first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte AnalyserOf(in DecodedPacket packet, int threads) =>
        !packet.Filtered && packet.Outcome is DecodeOutcome.Tcp or DecodeOutcome.ShortTcpSegment ? AnalyserOf(packet.KeyHash, threads) : (byte)0;

    /// <summary>The analyser of a connection: its key's hash scaled to the range by a multiplication, not a division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte AnalyserOf(int keyHash, int threads) => (byte)(((ulong)(uint)keyHash * (uint)threads) >> 32);

    /// <summary>The reading thread: fills free batches with decoded packets and hands each to every analyser, in order.</summary>
    private static void Read(
        CaptureReader reader, IPacketFilter? filter, BlockingCollection<PacketBatch> free, BlockingCollection<PacketBatch>[] full,
        IProgress<double>? progress, CancellationToken cancellation, CancellationToken stop)
    {
        int batches = 0;
        while (true)
        {
            var batch = free.Take(stop);
            var packets = batch.Packets;
            int count = 0;
            ReadStatus status = ReadStatus.Packet;
            var analysers = batch.Analysers;
            var times = batch.TimesNs;
            while (count < PacketBatch.Capacity && (status = reader.Read(out var packet)) == ReadStatus.Packet)
            {
                ref var decoded = ref packets[count];
                DecodedPacket.Decode(packet, filter, ref decoded);
                if (full.Length > 1)
                {
                    analysers[count] = AnalyserOf(decoded, full.Length);
                    times[count] = decoded.TimeNs;
                }

                count++;
            }

            batch.Count = count;
            batch.Pending = full.Length;
            bool last = status != ReadStatus.Packet || cancellation.IsCancellationRequested;
            if (last)
            {
                batch.End = status == ReadStatus.Packet ? ReadStatus.EndOfFile : status;
            }

            foreach (var queue in full)
            {
                queue.Add(batch, stop);
            }

            if (last)
            {
                return;
            }

            if (++batches % 4 == 0)
            {
                ReportProgress(reader, progress);
            }
        }
    }

    private static void ReportProgress(CaptureReader reader, IProgress<double>? progress)
    {
        if (progress is not null && reader.Progress is double fraction)
        {
            progress.Report(fraction);
        }
    }
}
