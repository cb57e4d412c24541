using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using PcapSurvival.Core.Reading;

namespace PcapSurvival.Core.Pipeline;

/// <summary>
/// Runs the analysis over one capture file from start to end (or to the first fault, or to cancellation).
/// With two or more cores, reading and decoding run on their own thread, a few thousand packets ahead of the
/// analysis, handing over reused batches: the results are the same, packet for packet, in the same order.
/// </summary>
public static class CaptureFileAnalysis
{
    private const int BatchesInFlight = 4;

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
        var analyzer = new TrafficAnalyzer(new CaptureInfo(reader.Name, reader.TimestampDigits), options, sink);
        var status = Environment.ProcessorCount > 1
            ? RunOnTwoThreads(reader, analyzer, options.Filter, progress, cancellation)
            : RunOnOneThread(reader, analyzer, progress, cancellation);
        analyzer.Statistics.TimestampDigits = reader.TimestampDigits;
        return analyzer.Complete(status == ReadStatus.Damaged ? reader.Fault : null);
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

    private static ReadStatus RunOnTwoThreads(
        CaptureReader reader, TrafficAnalyzer analyzer, IPacketFilter? filter, IProgress<double>? progress, CancellationToken cancellation)
    {
        using var free = new BlockingCollection<PacketBatch>(BatchesInFlight);
        using var full = new BlockingCollection<PacketBatch>(BatchesInFlight);
        for (int i = 0; i < BatchesInFlight; i++)
        {
            free.Add(new PacketBatch(), CancellationToken.None);
        }

        // Set when the analysis stops before the end of the input (a sink failed to write): the reading thread must
        // then stop too, and be gone before the batches' collections are disposed.
        using var analysisStopped = new CancellationTokenSource();
        ExceptionDispatchInfo? readerFailure = null;
        var readingThread = new Thread(() =>
        {
            try
            {
                Read(reader, filter, free, full, progress, cancellation, analysisStopped.Token);
            }
            catch (OperationCanceledException) when (analysisStopped.IsCancellationRequested)
            {
                // Nobody is waiting for the rest.
            }
            catch (Exception e)
            {
                readerFailure = ExceptionDispatchInfo.Capture(e);
                HandOverEnd(full, analysisStopped.Token);
            }
        })
        { IsBackground = true, Name = "pcapsurvival reader" };
        readingThread.Start();

        ReadStatus end;
        try
        {
            while (true)
            {
                var batch = full.Take(CancellationToken.None); // cancellation ends the reading; the hand-over itself always completes
                var packets = batch.Packets;
                for (int i = 0; i < batch.Count; i++)
                {
                    analyzer.Process(ref packets[i]);
                }

                if (batch.End is { } status)
                {
                    end = status;
                    break;
                }

                free.Add(batch, CancellationToken.None);
            }
        }
        finally
        {
            analysisStopped.Cancel();
            readingThread.Join();
        }

        readerFailure?.Throw();
        return end;
    }

    private static void HandOverEnd(BlockingCollection<PacketBatch> full, CancellationToken analysisStopped)
    {
        try
        {
            full.Add(new PacketBatch { End = ReadStatus.EndOfFile }, analysisStopped);
        }
        catch (OperationCanceledException)
        {
            // The analysis has already stopped.
        }
    }

    /// <summary>The reading thread: fills free batches with decoded packets and hands them over in order.</summary>
    private static void Read(
        CaptureReader reader, IPacketFilter? filter, BlockingCollection<PacketBatch> free, BlockingCollection<PacketBatch> full,
        IProgress<double>? progress, CancellationToken cancellation, CancellationToken analysisStopped)
    {
        int batches = 0;
        while (true)
        {
            var batch = free.Take(analysisStopped);
            var packets = batch.Packets;
            int count = 0;
            ReadStatus status = ReadStatus.Packet;
            while (count < PacketBatch.Capacity && (status = reader.Read(out var packet)) == ReadStatus.Packet)
            {
                DecodedPacket.Decode(packet, filter, ref packets[count++]);
            }

            batch.Count = count;
            if (status != ReadStatus.Packet || cancellation.IsCancellationRequested)
            {
                batch.End = status == ReadStatus.Packet ? ReadStatus.EndOfFile : status;
                full.Add(batch, analysisStopped);
                return;
            }

            full.Add(batch, analysisStopped);
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
