using ScottPlot;

namespace PcapSurvival.Reporting.Plot;

/// <summary>
/// Vertical bars from a low to a high sequence number at given times, drawn as one plottable: a graph has up to a
/// few thousand, and one ScottPlot line plottable each would cost far more. A bar is at least
/// <see cref="MinimumPixels"/> tall, so that a one-byte segment (a SYN, a keep-alive) is still seen.
/// </summary>
internal sealed class SegmentBars(double[] xs, double[] lows, double[] highs, Color color, float width, string label) : IPlottable
{
    private const float MinimumPixels = 3;

    private readonly LineStyle _style = new() { Color = color, Width = width };

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems => LegendItem.Single(this, label, _style);

    public AxisLimits GetAxisLimits() => xs.Length == 0
        ? AxisLimits.NoLimits
        : new AxisLimits(xs.Min(), xs.Max(), lows.Min(), highs.Max());

    public void Render(RenderPack rp)
    {
        var lines = new PixelLine[xs.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            float x = Axes.GetPixelX(xs[i]);
            float bottom = Axes.GetPixelY(lows[i]);
            float top = Math.Min(Axes.GetPixelY(highs[i]), bottom - MinimumPixels);
            lines[i] = new PixelLine(x, bottom, x, top);
        }

        _style.Render(rp.Canvas, lines, rp.Paint);
    }
}
