using System.Diagnostics;
using System.Globalization;
using PcapSurvival.Capture;

namespace PcapSurvival.Cli;

/// <summary>
/// The self-overwriting status line of a live capture on stderr (only when stderr is a terminal). It is drawn and
/// cleared from the analysis thread only, the same thread that prints event lines, so the two never interleave.
/// </summary>
internal sealed class CaptureStatusLine(LiveCapture capture)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastPackets;
    private long _lastMs;
    private double _rate;
    private int _drawnLength;

    /// <param name="stalls">How the open stalls stand (<see cref="StallBoard"/>), shown first while an outage lasts.</param>
    public void Update(int connections, long evicted, string? stalls = null)
    {
        long now = _clock.ElapsedMilliseconds;
        long packets = capture.Captured;
        if (now - _lastMs >= 500)
        {
            _rate = (packets - _lastPackets) * 1000.0 / (now - _lastMs);
            _lastPackets = packets;
            _lastMs = now;
        }

        var kernel = capture.Kernel;
        string text = string.Format(
            Invariant, "{0}: {1:N0} packets, {2:N0} pkt/s, {3:N0} connections, dropped: {4:N0} kernel, {5:N0} interface, {6:N0} analysis",
            capture.InterfaceName, packets, _rate, connections, kernel.Dropped, kernel.InterfaceDropped, capture.Queue.Dropped);
        if (evicted > 0)
        {
            text += string.Format(Invariant, ", {0:N0} connections evicted (--max-connections)", evicted);
        }

        if (stalls is not null)
        {
            text = $"{capture.InterfaceName}: {stalls} | {text[(capture.InterfaceName.Length + 2)..]}";
        }

        int width = Width();
        if (text.Length > width)
        {
            text = text[..width];
        }

        Console.Error.Write("\r" + text.PadRight(_drawnLength));
        _drawnLength = text.Length;
    }

    public void Clear()
    {
        if (_drawnLength > 0)
        {
            Console.Error.Write("\r" + new string(' ', _drawnLength) + "\r");
            _drawnLength = 0;
        }
    }

    private static int Width()
    {
        try
        {
            int width = Console.WindowWidth;
            return width > 20 ? width - 1 : 119;
        }
        catch (IOException)
        {
            return 119;
        }
    }
}
