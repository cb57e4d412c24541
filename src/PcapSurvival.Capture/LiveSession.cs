using System.Diagnostics;
using PcapSurvival.Core.Pipeline;

namespace PcapSurvival.Capture;

/// <summary>
/// One live capture from start to end: the analysis on its own thread, fed by the device's queue; the capture clock
/// advanced from the wall clock between packets (so that overdue retransmissions are noticed while the wire is
/// silent); the wait for the packet limit, the duration or a stop; then the drain, the analysis's completion, and the
/// result as a value for the caller to turn into words and an exit code.
/// </summary>
public sealed class LiveSession
{
    /// <summary>How often the analysis thread ticks: the clock moves, status and flushing run. Well under the one second promised for live lines.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(200);

    private readonly LiveCapture _capture;
    private readonly TrafficAnalyzer _analyzer;
    private readonly LiveSessionOptions _options;
    private readonly Stopwatch _sinceStanding = Stopwatch.StartNew();
    private Thread? _thread;
    private Exception? _fault;

    public LiveSession(LiveCapture capture, TrafficAnalyzer analyzer, LiveSessionOptions options)
    {
        _capture = capture;
        _analyzer = analyzer;
        _options = options;
    }

    /// <summary>
    /// Starts the analysis and the capture, waits for the end (the packet limit, the duration, or <paramref name="stop"/>:
    /// after it, nothing listens to the token), drains and completes.
    /// </summary>
    public async Task<LiveSessionResult> RunAsync(CancellationToken stop)
    {
        _thread = new Thread(Analyze) { IsBackground = true, Name = "pcapsurvival analysis" };
        _thread.Start();
        _capture.Start();

        var waits = new List<Task> { _capture.Ended, Task.Delay(Timeout.Infinite, stop) };
        if (_options.Duration is TimeSpan duration)
        {
            waits.Add(Task.Delay(duration, stop));
        }

        await Task.WhenAny(waits).ConfigureAwait(false);

        // The capture watched until now, even if its last packets came long before (a host whose own link went down
        // sees nothing): a busy connection silent since then was cut off.
        return Complete(stoppedNs: WallClockNs());
    }

    private LiveSessionResult Complete(long stoppedNs)
    {
        _capture.Stop();
        _thread!.Join();
        var fault = _fault;
        Core.Sinks.FileStatistics? statistics = null;
        if (fault is null)
        {
            try
            {
                var kernel = _capture.Kernel;
                _analyzer.Statistics.Drops = new Core.Sinks.CaptureDrops(_capture.Captured, kernel.Dropped, kernel.InterfaceDropped, _capture.Queue.Dropped);
                statistics = _analyzer.Complete(stoppedNs: stoppedNs);
                _options.Completed?.Invoke(statistics);
            }
            catch (IOException e)
            {
                fault = e;
            }
        }

        return new LiveSessionResult(statistics, fault, _capture.WriteFailure, _capture.Failure);
    }

    private void Analyze()
    {
        try
        {
            LiveAnalysisLoop.Run(_capture.Queue, _capture.LinkType, _analyzer, Tick, TickInterval);
        }
        catch (Exception e)
        {
            _fault = e; // the capture and its file go on without the analysis
        }
    }

    private void Tick()
    {
        bool standing = false;
        if (_options.StallStatusEvery is TimeSpan every && _sinceStanding.Elapsed >= every)
        {
            standing = true;
            _sinceStanding.Restart();
        }

        _analyzer.AdvanceClock(WallClockNs(), standing);
        _options.Tick?.Invoke();
    }

    /// <summary>Now in the packets' clock: libpcap stamps them with the system's real-time clock, in Unix nanoseconds.</summary>
    private static long WallClockNs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
