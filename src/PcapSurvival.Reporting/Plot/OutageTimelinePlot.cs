using System.Globalization;
using System.Text;
using System.Xml;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Plot;

/// <summary>
/// <c>--plot DIR</c>: for each capture, an SVG timeline of its connections on the capture's clock. Each connection is
/// a bar from its first to its last packet, with its outages on it (retransmission outages red, silences orange),
/// the retransmissions as ticks, the window in which the network came back in green, and its verdict; hovering an
/// outage shows the report's sentence. As in the report's table, the most interesting connections are kept (a copy
/// of each, at most <paramref name="maxRows"/>), so memory stays bounded whatever the capture.
/// </summary>
public sealed class OutageTimelinePlot(string directory, int maxRows = OutageTimelinePlot.DefaultMaxRows) : IAnalysisSink
{
    public SinkNeeds Needs => SinkNeeds.Connections;


    public const int DefaultMaxRows = 100;

    private const int Width = 1200;
    private const int PlotLeft = 470;
    private const int PlotRight = Width - 20;
    private const int Top = 70;
    private const int RowHeight = 22;
    private const int BarHeight = 10;

    // The verdict, then the connection's label cut to what fits before the plot (monospace 11 px: at most 7.2 px a character).
    private const int LabelLeft = 90;
    private const int LabelChars = (PlotLeft - LabelLeft - 10) * 10 / 72;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly MostInterestingConnections<TimelineRow> _rows = new(maxRows, TimelineRow.From);
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    /// <summary>The name of the picture written for the latest capture, in the directory.</summary>
    public string? LastFile { get; private set; }

    public void FileStarted(CaptureInfo capture)
    {
        _rows.Clear();
    }

    public void Packet(in PacketRecord packet)
    {
    }

    public void Event(in EventRecord record)
    {
    }

    public void ConnectionFinished(Connection connection) => _rows.Offer(connection);

    /// <exception cref="IOException">The picture cannot be written.</exception>
    public void FileCompleted(FileStatistics statistics)
    {
        LastFile = UniqueName(statistics.Name);
        string path = Path.Combine(directory, LastFile);
        // Not indented: inside a <text>, the indentation before a child <title> would be drawn (xml:space="preserve").
        using (var writer = XmlWriter.Create(path, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            Draw(writer, statistics);
        }
    }

    private void Draw(XmlWriter svg, FileStatistics statistics)
    {
        var rows = _rows.Rows.OrderBy(r => r.Stream).ToList();

        // From the earliest to the latest time drawn: timestamps may go backwards (merged captures), and an outage
        // may end after the last packet (when the sender would have given up).
        long startNs = Math.Min(statistics.FirstTimestampNs, rows.Count == 0 ? long.MaxValue : rows.Min(r => r.FirstNs));
        long endNs = Math.Max(statistics.LastTimestampNs, rows.Count == 0 ? long.MinValue : rows.Max(r => r.EndNs));
        long spanNs = Math.Max(endNs - startNs, 1_000_000);
        double X(long ns) => PlotLeft + ((double)(ns - startNs) / spanNs * (PlotRight - PlotLeft));
        int height = Top + (Math.Max(rows.Count, 1) * RowHeight) + 70;

        svg.WriteStartElement("svg", "http://www.w3.org/2000/svg");
        svg.WriteAttributeString("xml", "space", null, "preserve"); // the labels are aligned with spaces
        Attributes(svg, ("width", Width), ("height", height), ("viewBox", $"0 0 {Width} {height}"), ("font-family", "monospace"), ("font-size", 11));
        Element(svg, "rect", ("width", Width), ("height", height), ("fill", "white"));
        Text(svg, 10, 20, $"{statistics.Name}: {Report.Plural(statistics.Connections, "connection", "connections")}, {OutageText.Seconds(spanNs / 1e9)}", ("font-size", 14), ("font-weight", "bold"));
        long notDrawn = statistics.Connections - rows.Count;
        Text(svg, 10, 38, notDrawn > 0
            ? $"the {rows.Count} most interesting connections; {Report.Plural(notDrawn, "more connection", "more connections")} not drawn (all are in --csv and --json)"
            : rows.Count == 0 ? "no TCP connections" : "every connection, on the capture's clock");
        DrawAxis(svg, spanNs, Top + (Math.Max(rows.Count, 1) * RowHeight), X, startNs);

        for (int i = 0; i < rows.Count; i++)
        {
            DrawRow(svg, rows[i], Top + (i * RowHeight), X, startNs);
        }

        DrawLegend(svg, height - 22);
        svg.WriteEndElement();
    }

    private static void DrawRow(XmlWriter svg, TimelineRow row, int y, Func<long, double> x, long startNs)
    {
        svg.WriteStartElement("g");
        Attributes(svg, ("class", "connection"), ("data-stream", row.Stream), ("data-verdict", VerdictNames.Name(row.Verdict)));
        Text(svg, 10, y + 14, VerdictNames.Name(row.Verdict), ("fill", VerdictColour(row.Verdict)), ("font-weight", "bold"));
        svg.WriteStartElement("text");
        Attributes(svg, ("x", LabelLeft), ("y", y + 14));
        svg.WriteElementString("title", XmlSafe(row.Label.Trim()));
        svg.WriteString(row.Label.Length <= LabelChars ? row.Label : row.Label[..(LabelChars - 1)] + "…");
        svg.WriteEndElement();
        double barTop = y + ((RowHeight - BarHeight) / 2.0);
        Element(svg, "rect", ("x", x(row.FirstNs)), ("y", barTop), ("width", Math.Max(x(row.LastNs) - x(row.FirstNs), 1)), ("height", BarHeight), ("fill", "#c8c8c8"));
        foreach (var outage in row.Outages)
        {
            string kind = OutageNames.Name(outage.Kind);
            svg.WriteStartElement("rect");
            Attributes(svg,
                ("class", $"outage {kind}"),
                ("data-start-s", Seconds(outage.StartNs - startNs)),
                ("data-end-s", Seconds(outage.EndNs - startNs)),
                ("x", x(outage.StartNs)), ("y", barTop), ("width", Math.Max(x(outage.EndNs) - x(outage.StartNs), 2)), ("height", BarHeight),
                ("fill", outage.Kind == OutageKind.Silence ? "#f0a030" : "#d03030"));
            svg.WriteElementString("title", XmlSafe(outage.Sentence));
            svg.WriteEndElement();
            if (outage.NetworkBackAfterNs is long after && outage.NetworkBackByNs is long by)
            {
                Element(svg, "rect", ("class", "network-back"), ("x", x(after)), ("y", barTop + BarHeight + 1), ("width", Math.Max(x(by) - x(after), 2)), ("height", 3), ("fill", "#20a040"));
            }

            foreach (long retransmission in outage.RetransmissionNs)
            {
                Element(svg, "line", ("class", "retransmission"), ("x1", x(retransmission)), ("x2", x(retransmission)), ("y1", barTop - 3), ("y2", barTop + BarHeight + 3), ("stroke", "black"));
            }
        }

        svg.WriteEndElement();
    }

    private static void DrawAxis(XmlWriter svg, long spanNs, int bottom, Func<long, double> x, long startNs)
    {
        double step = NiceStep(spanNs / 1e9 / 8);
        int decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(step))); // enough that no two ticks read the same
        Element(svg, "line", ("x1", PlotLeft), ("x2", PlotRight), ("y1", bottom), ("y2", bottom), ("stroke", "black"));
        for (double t = 0; t <= (spanNs / 1e9) + (step / 1000); t += step)
        {
            double at = x(startNs + (long)(t * 1e9));
            Element(svg, "line", ("x1", at), ("x2", at), ("y1", Top - 4), ("y2", bottom + 4), ("stroke", "#e4e4e4"));
            Text(svg, at, bottom + 16, t.ToString("F" + decimals, Invariant) + " s", ("text-anchor", "middle"));
        }
    }

    private static void DrawLegend(XmlWriter svg, int y)
    {
        (string Fill, string Label)[] items =
            [("#c8c8c8", "connection"), ("#d03030", "retransmission outage"), ("#f0a030", "silence outage"), ("#20a040", "network came back")];
        double at = 10;
        foreach (var (fill, label) in items)
        {
            Element(svg, "rect", ("x", at), ("y", y - 9), ("width", 14), ("height", 10), ("fill", fill));
            Text(svg, at + 18, y, label);
            at += 30 + (label.Length * 7);
        }

        Element(svg, "line", ("x1", at), ("x2", at), ("y1", y - 11), ("y2", y + 3), ("stroke", "black"));
        Text(svg, at + 6, y, "retransmission (hover an outage for its story)");
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    internal static double NiceStep(double rough)
    {
        if (rough <= 0)
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return rough <= power ? power : rough <= 2 * power ? 2 * power : rough <= 5 * power ? 5 * power : 10 * power;
    }

    private static string VerdictColour(Verdict verdict) => verdict switch
    {
        Verdict.Survived => "#208040",
        Verdict.Died => "#c02020",
        Verdict.Stalled => "#d07000",
        Verdict.Unaffected => "#707070",
        _ => "#6040a0",
    };

    /// <summary>capture.pcap.gz gives capture.svg, standard input stdin.svg; a name met twice gets -2, -3 ...</summary>
    private string UniqueName(string input)
    {
        string stem = input == "-" ? "stdin" : Path.GetFileName(input);
        foreach (string extension in new[] { ".gz", ".pcapng", ".pcap", ".cap" })
        {
            if (stem.Length > extension.Length && stem.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                stem = stem[..^extension.Length];
            }
        }

        string name = stem + ".svg";
        for (int n = 2; !_written.Add(name); n++)
        {
            name = $"{stem}-{n}.svg";
        }

        return name;
    }

    private static string Seconds(long ns) => (ns / 1e9).ToString("0.000", Invariant);

    private static void Text(XmlWriter svg, double x, double y, string text, params (string Name, object Value)[] attributes)
    {
        svg.WriteStartElement("text");
        Attributes(svg, ("x", x), ("y", y));
        Attributes(svg, attributes);
        svg.WriteString(XmlSafe(text));
        svg.WriteEndElement();
    }

    /// <summary>A file name may hold characters XML cannot (control characters): they are shown as '?'.</summary>
    private static string XmlSafe(string text) =>
        text.All(XmlConvert.IsXmlChar) ? text : string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) ? c : '?'));

    private static void Element(XmlWriter svg, string name, params (string Name, object Value)[] attributes)
    {
        svg.WriteStartElement(name);
        Attributes(svg, attributes);
        svg.WriteEndElement();
    }

    private static void Attributes(XmlWriter svg, params (string Name, object Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            svg.WriteAttributeString(name, value is double d ? d.ToString("0.#", Invariant) : Convert.ToString(value, Invariant));
        }
    }
}
