using System.Globalization;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Text;
using ScottPlot.TickGenerators;
using ScottPlot;

namespace PcapSurvival.Reporting.Plot;

/// <summary>
/// Draws a <see cref="SequenceGraph"/> as a time-sequence (Stevens) graph with ScottPlot: the sender's segments as
/// bars, retransmissions marked by kind, the other side's ACK and window lines and SACK blocks, RST and FIN marks,
/// the outages shaded with the window in which the network came back, and the sender's backoff intervals labelled.
/// The bottom axis counts seconds from the outage's start; the top axis gives the UTC time of day.
/// </summary>
internal static class SequenceGraphRenderer
{
    public const int Width = 1200;
    public const int Height = 700;

    private const string Font = "DejaVu Sans"; // installed with Debian's fonts-dejavu-core; Skia falls back when missing
    private const float LabelSize = 13;
    private const float TickCount = 8;

    // The plot area's width, roughly: the figure less the axes' labels. Used to keep backoff labels apart.
    private const double DataPixels = Width - 140;

    /// <summary>The opacity of an outage's band (the network's return is darker): light enough to read the data through.</summary>
    public static readonly Color OutageShade = Colors.Black.WithAlpha(0.13);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes <paramref name="stem"/>.png and <paramref name="stem"/>.svg.</summary>
    public static void Save(ConnectionGraphs connection, SequenceGraph graph, string stem)
    {
        var plot = Build(connection, graph);
        plot.SavePng(stem + ".png", Width, Height);
        plot.SaveSvg(stem + ".svg", Width, Height);
    }

    public static ScottPlot.Plot Build(ConnectionGraphs connection, SequenceGraph graph)
    {
        var plot = new ScottPlot.Plot();
        plot.Font.Set(Font);
        var (left, right) = TimeRange(graph);
        var (bottom, top) = SequenceRange(graph);

        // One line each: ScottPlot's layout does not make room for a title of several lines.
        plot.Title($"{connection.Label}: {connection.VerdictText}", 15);
        plot.XLabel(graph.OriginIsOutage
            ? $"seconds since the outage began ({Clock(graph.OriginNs, 3)}); top: UTC time of day on {Day(graph.OriginNs)}"
            : $"seconds since the connection's first packet ({Clock(graph.OriginNs, 3)}); top: UTC time of day on {Day(graph.OriginNs)}", LabelSize);
        plot.YLabel($"the {graph.DirectionName}'s data: relative sequence number (bytes)", LabelSize);

        DrawOutages(plot, graph);
        DrawAcks(plot, graph, top);
        DrawSegments(plot, graph);
        DrawMarks(plot, graph);
        DrawBackoff(plot, graph, right - left, bottom, top);
        if (DecimationNote(graph) is { } note)
        {
            var annotation = plot.Add.Annotation(note, Alignment.LowerRight);
            annotation.LabelFontName = Font;
            annotation.LabelFontSize = 12;
            annotation.LabelBackgroundColor = Colors.White.WithAlpha(0.9);
            annotation.LabelBorderColor = OkabeIto.Grey;
            annotation.LabelShadowColor = Colors.Transparent;
        }

        plot.Axes.SetLimits(left, right, bottom, top);
        ClockAxis(plot, graph, left, right);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>What was left out to keep the graph bounded, said on the graph; null when nothing was.</summary>
    private static string? DecimationNote(SequenceGraph graph)
    {
        var notes = new List<string>();
        if (graph.SegmentsPerBar > 1)
        {
            notes.Add($"decimated: each bar stands for up to {graph.SegmentsPerBar} of the {graph.Segments:N0} segments");
        }

        if (graph.AcksPerPoint > 1)
        {
            notes.Add($"one ACK step in {graph.AcksPerPoint} drawn");
        }

        if (graph.RetransmissionsNotDrawn > 0)
        {
            notes.Add($"{graph.RetransmissionsNotDrawn:N0} more retransmissions not marked");
        }

        if (graph.SacksNotDrawn > 0)
        {
            notes.Add($"{graph.SacksNotDrawn:N0} more SACK blocks not drawn");
        }

        return notes.Count == 0 ? null : string.Join("\n", notes);
    }

    private static (double Left, double Right) TimeRange(SequenceGraph graph)
    {
        long first = graph.FirstNs;
        long last = Math.Max(graph.LastNs, graph.Outages.Count == 0 ? long.MinValue : graph.Outages.Max(o => o.EndNs));
        double left = graph.Seconds(first);
        double right = graph.Seconds(last);
        double margin = Math.Max((right - left) * 0.02, 0.01);
        return (left - margin, right + margin);
    }

    /// <summary>
    /// The data, ACKs and SACK blocks, with some room above for the backoff labels. The window's edge is included
    /// only when it is not far above the data: an idle connection's window would otherwise flatten everything else.
    /// </summary>
    private static (double Bottom, double Top) SequenceRange(SequenceGraph graph)
    {
        var values = graph.Bars.SelectMany(b => new double[] { b.SeqLow, b.SeqHigh })
            .Concat(graph.Acks.Select(a => (double)a.Ack))
            .Concat(graph.Sacks.SelectMany(s => new double[] { s.Left, s.Right }))
            .Concat(graph.Retransmissions.Select(r => (double)r.SeqEnd))
            .Concat(graph.Ends.Select(e => (double)e.Seq))
            .DefaultIfEmpty(0)
            .ToList();
        double low = values.Min();
        double high = values.Max();
        double span = Math.Max(high - low, 10);
        double window = graph.Acks.Count == 0 ? high : graph.Acks.Max(a => (double)a.WindowEdge);
        high = Math.Max(high, Math.Min(window, high + span));
        span = Math.Max(high - low, 10);
        return (low - (span * 0.03), high + (span * 0.18));
    }

    private static void DrawOutages(ScottPlot.Plot plot, SequenceGraph graph)
    {
        bool labelled = false, silenceLabelled = false, backLabelled = false;
        foreach (var outage in graph.Outages)
        {
            bool silence = outage.Kind == OutageKind.Silence;
            var span = plot.Add.HorizontalSpan(graph.Seconds(outage.StartNs), graph.Seconds(outage.EndNs), (silence ? OkabeIto.Orange : OkabeIto.Vermillion).WithAlpha(OutageShade.Alpha));
            span.LineStyle.Width = 0;
            if (silence ? !silenceLabelled : !labelled)
            {
                span.LegendText = silence ? "outage (silence)" : "outage (retransmissions unanswered)";
                _ = silence ? silenceLabelled = true : labelled = true;
            }

            if (outage.NetworkBackAfterNs is long after && outage.NetworkBackByNs is long by)
            {
                var back = plot.Add.HorizontalSpan(graph.Seconds(after), graph.Seconds(by), OkabeIto.BluishGreen.WithAlpha(0.28));
                back.LineStyle.Width = 0;
                if (!backLabelled)
                {
                    back.LegendText = "the network came back in here";
                    backLabelled = true;
                }
            }
        }
    }

    private static void DrawSegments(ScottPlot.Plot plot, SequenceGraph graph)
    {
        if (graph.Bars.Count > 0)
        {
            plot.Add.Plottable(new SegmentBars(
                [.. graph.Bars.Select(b => graph.Seconds(b.TimeNs))], [.. graph.Bars.Select(b => (double)b.SeqLow)], [.. graph.Bars.Select(b => (double)b.SeqHigh)],
                OkabeIto.Black, 2, graph.SegmentsPerBar > 1 ? $"data segments (a bar per up to {graph.SegmentsPerBar})" : "data segment"));
        }

        if (graph.Sacks.Count > 0)
        {
            plot.Add.Plottable(new SegmentBars(
                [.. graph.Sacks.Select(s => graph.Seconds(s.TimeNs))], [.. graph.Sacks.Select(s => (double)s.Left)], [.. graph.Sacks.Select(s => (double)s.Right)],
                OkabeIto.SkyBlue, 4, "SACK block"));
        }
    }

    private static void DrawAcks(ScottPlot.Plot plot, SequenceGraph graph, double top)
    {
        if (graph.Acks.Count == 0)
        {
            return;
        }

        double[] xs = [.. graph.Acks.Select(a => graph.Seconds(a.TimeNs)), graph.Seconds(graph.LastNs)];
        double[] acks = [.. graph.Acks.Select(a => (double)a.Ack), graph.Acks[^1].Ack];
        double[] windows = [.. graph.Acks.Select(a => (double)a.WindowEdge), graph.Acks[^1].WindowEdge];
        var window = plot.Add.ScatterLine(xs, windows, OkabeIto.Orange);
        window.ConnectStyle = ConnectStyle.StepHorizontal;
        window.LineWidth = 1.5f;
        window.LinePattern = LinePattern.Dashed;
        window.LegendText = windows.Any(w => w > top) ? "receive window's right edge (partly above the graph)" : "receive window's right edge";
        var ack = plot.Add.ScatterLine(xs, acks, OkabeIto.BluishGreen);
        ack.ConnectStyle = ConnectStyle.StepHorizontal;
        ack.LineWidth = 1.5f;
        ack.LegendText = "acknowledged";
    }

    private static void DrawMarks(ScottPlot.Plot plot, SequenceGraph graph)
    {
        Marks(plot, graph, RetransmissionKind.Timeout, MarkerShape.FilledCircle, OkabeIto.Vermillion, "retransmission (timeout)");
        Marks(plot, graph, RetransmissionKind.Fast, MarkerShape.FilledTriangleUp, OkabeIto.Blue, "fast retransmission");
        Marks(plot, graph, RetransmissionKind.Spurious, MarkerShape.FilledDiamond, OkabeIto.ReddishPurple, "spurious retransmission");
        foreach (bool reset in new[] { true, false })
        {
            var ends = graph.Ends.Where(e => e.Reset == reset).ToList();
            if (ends.Count > 0)
            {
                var markers = plot.Add.Markers(
                    ends.Select(e => graph.Seconds(e.TimeNs)).ToArray(), ends.Select(e => (double)e.Seq).ToArray(),
                    reset ? MarkerShape.Eks : MarkerShape.OpenSquare, 14, reset ? OkabeIto.Black : OkabeIto.Grey);
                markers.MarkerLineWidth = 2.5f;
                markers.LegendText = reset ? "RST" : "FIN";
            }
        }
    }

    private static void Marks(ScottPlot.Plot plot, SequenceGraph graph, RetransmissionKind kind, MarkerShape shape, Color color, string label)
    {
        var marks = graph.Retransmissions.Where(r => r.Kind == kind).ToList();
        if (marks.Count == 0)
        {
            return;
        }

        var markers = plot.Add.Markers(marks.Select(r => graph.Seconds(r.TimeNs)).ToArray(), marks.Select(r => (double)r.SeqEnd).ToArray(), shape, 9, color);
        markers.LegendText = label;
    }

    /// <summary>
    /// Labels each wait between successive transmissions of the stalled segment ("0.4 s"), on two alternating rows
    /// above the data; a wait too short for its label to fit without touching another is left unlabelled.
    /// </summary>
    private static void DrawBackoff(ScottPlot.Plot plot, SequenceGraph graph, double timeSpan, double bottom, double top)
    {
        double pixelsPerSecond = DataPixels / timeSpan;
        double[] rows = [top - ((top - bottom) * 0.05), top - ((top - bottom) * 0.11)];
        double[] rowEnds = [double.NegativeInfinity, double.NegativeInfinity];
        foreach (var outage in graph.Outages.Where(o => o.ClientStalled == graph.ClientData && o.RetransmissionNs.Length > 0))
        {
            long[] times = [outage.StartNs, .. outage.RetransmissionNs];
            for (int i = 1; i < times.Length; i++)
            {
                double from = graph.Seconds(times[i - 1]);
                double to = graph.Seconds(times[i]);
                string text = OutageText.Seconds((times[i] - times[i - 1]) / 1e9);
                double labelPixels = (text.Length * 7.5) + 6;
                double middle = (from + to) / 2 * pixelsPerSecond;
                if ((to - from) * pixelsPerSecond < labelPixels)
                {
                    continue;
                }

                int row = Array.FindIndex(rowEnds, end => middle - (labelPixels / 2) > end + 4);
                if (row < 0)
                {
                    continue;
                }

                rowEnds[row] = middle + (labelPixels / 2);
                var bracket = plot.Add.Line(from, rows[row], to, rows[row]);
                bracket.Color = OkabeIto.Vermillion;
                bracket.LineWidth = 1;
                bracket.MarkerSize = 0;
                var label = plot.Add.Text(text, (from + to) / 2, rows[row]);
                label.LabelFontName = Font;
                label.LabelFontSize = 12;
                label.LabelFontColor = OkabeIto.Vermillion;
                label.LabelAlignment = Alignment.LowerCenter;
                label.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
            }
        }
    }

    /// <summary>The top axis: UTC time of day at round instants of the same range.</summary>
    private static void ClockAxis(ScottPlot.Plot plot, SequenceGraph graph, double left, double right)
    {
        double originSeconds = graph.OriginNs / 1e9;
        double step = OutageTimelinePlot.NiceStep((right - left) / TickCount);
        int digits = step >= 1 ? 0 : (int)Math.Ceiling(-Math.Log10(step));
        var ticks = new NumericManual();
        // Not within half a step of the right end, where a label would be cut off.
        for (double t = Math.Ceiling((originSeconds + left) / step) * step; t <= originSeconds + right - (step / 2); t += step)
        {
            ticks.AddMajor(t - originSeconds, Clock((long)Math.Round(t * 1e9), digits));
        }

        // No label on this axis: ScottPlot would draw it over the title. The bottom axis's label says what it is.
        plot.Axes.Top.TickGenerator = ticks;
        plot.Axes.SetLimitsX(left, right, plot.Axes.Top);
    }

    private static string Day(long ns) => DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd", Invariant);

    private static string Clock(long ns, int digits)
    {
        var time = DateTime.UnixEpoch.AddTicks(ns / 100);
        return digits == 0 ? time.ToString("HH:mm:ss", Invariant) : time.ToString("HH:mm:ss." + new string('f', Math.Min(digits, 7)), Invariant);
    }
}
