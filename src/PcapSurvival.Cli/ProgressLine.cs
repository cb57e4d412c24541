using System.Diagnostics;

namespace PcapSurvival.Cli;

/// <summary>A self-overwriting progress line on stderr, at most a few updates a second, cleared when done.</summary>
internal sealed class ProgressLine(string label) : IProgress<double>, IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDrawMs = -1000;
    private bool _drawn;

    public void Report(double value)
    {
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastDrawMs < 200)
        {
            return;
        }

        _lastDrawMs = now;
        _drawn = true;
        Console.Error.Write($"\r{label}: {value:P0} ({_clock.Elapsed.TotalSeconds:0.0} s)   ");
    }

    public void Dispose()
    {
        if (_drawn)
        {
            Console.Error.Write("\r" + new string(' ', Math.Min(120, label.Length + 30)) + "\r");
        }
    }
}
