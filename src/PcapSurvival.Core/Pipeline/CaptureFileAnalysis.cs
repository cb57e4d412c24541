using PcapSurvival.Core.Reading;

namespace PcapSurvival.Core.Pipeline;

/// <summary>Runs the analysis over one capture file from start to end (or to the first fault, or to cancellation).</summary>
public static class CaptureFileAnalysis
{
    private const int CheckEvery = 1 << 16;

    /// <summary>
    /// Reads every packet of <paramref name="reader"/> through a <see cref="TrafficAnalyzer"/>. Damage stops the
    /// reading but not the report: everything before it is analysed and the fault is in the statistics.
    /// </summary>
    /// <param name="progress">Told the fraction of the file consumed, about every 65536 packets.</param>
    /// <param name="cancellation">Stops reading; what was read so far is still completed and reported.</param>
    public static FileStatistics Run(
        CaptureReader reader, AnalysisOptions options, IAnalysisSink sink,
        IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var analyzer = new TrafficAnalyzer(new CaptureInfo(reader.Name, reader.TimestampDigits), options, sink);
        long countdown = CheckEvery;
        ReadStatus status;
        while ((status = reader.Read(out var packet)) == ReadStatus.Packet)
        {
            analyzer.Process(packet);
            if (--countdown == 0)
            {
                countdown = CheckEvery;
                if (cancellation.IsCancellationRequested)
                {
                    break;
                }

                if (progress is not null && reader.Progress is double fraction)
                {
                    progress.Report(fraction);
                }
            }
        }

        analyzer.Statistics.TimestampDigits = reader.TimestampDigits;
        return analyzer.Complete(status == ReadStatus.Damaged ? reader.Fault : null);
    }
}
