using System.Diagnostics;
using PcapSurvival.Capture;
using PcapSurvival.Cli.Commands;
using PcapSurvival.Core.Pipeline;

namespace PcapSurvival.Cli;

/// <summary>
/// The thread that analyses a live capture: it owns the analyzer and the sinks while the capture runs, and
/// draws the status line and flushes the outputs every second from its tick, so none of them is shared.
/// </summary>
internal sealed class AnalysisThread(LiveCapture capture, TrafficAnalyzer analyzer, OutputSinks outputs, CaptureStatusLine? status)
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();
    private Thread? _running;

    /// <summary>What made the analysis stop early; the capture (and the file) went on without it.</summary>
    public Exception? Fault { get; private set; }

    public void Start()
    {
        _running = new Thread(Run) { IsBackground = true, Name = "pcapsurvival analysis" };
        _running.Start();
    }

    public void Join() => _running?.Join();

    private void Run()
    {
        try
        {
            LiveAnalysisLoop.Run(capture.Queue, capture.LinkType, analyzer, Tick, TickInterval);
        }
        catch (Exception e)
        {
            Fault = e;
        }
    }

    private void Tick()
    {
        status?.Update(analyzer.LiveConnections, analyzer.EvictedConnections);
        if (_sinceFlush.ElapsedMilliseconds >= 1000)
        {
            outputs.Flush();
            _sinceFlush.Restart();
        }
    }
}
