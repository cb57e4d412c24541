using System.Globalization;
using System.Text.RegularExpressions;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Reading;
using PcapSurvival.Reporting.Csv;
using PcapSurvival.Reporting.Plot;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// The time-sequence graphs of --plot, checked through the model each is drawn from and the SVG it becomes,
/// against the CSV files of the same analysis.
/// </summary>
public partial class SequenceGraphTests
{
    public static TheoryData<string> LabCaptures => [.. Directory.GetFiles(Path.Combine(CliRun.RepositoryRoot, "captures"), "*.pcap").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(LabCaptures))]
    public void Graphs_OfALabCapture_MarkEveryRetransmission_AndShadeEachOutageWhereTheCsvPutsIt(string capture)
    {
        using var dir = new TempDirectory();
        var graphs = Analyse(CliRun.ShippedCapture(capture), dir.File("csv"), all: true);
        var connections = Csv(dir.File(Path.Combine("csv", "connections.csv")));
        var outages = Csv(dir.File(Path.Combine("csv", "outages.csv")));

        Assert.Equal(connections.Count, graphs.Connections.Count); // --plot-all: every connection has its graphs
        foreach (var connection in graphs.Connections)
        {
            var row = connections.Single(r => long.Parse(r["stream"], CultureInfo.InvariantCulture) == connection.Stream);
            Assert.Equal(row["verdict"], connection.VerdictText.Split(':')[0]);
            var marks = connection.Graphs.SelectMany(g => g.Retransmissions).ToList();
            Assert.Equal(Count(row, "retransmissions"), marks.Count(m => m.Kind == RetransmissionKind.Timeout));
            Assert.Equal(Count(row, "fast_retransmissions"), marks.Count(m => m.Kind == RetransmissionKind.Fast));
            Assert.Equal(Count(row, "spurious_retransmissions"), marks.Count(m => m.Kind == RetransmissionKind.Spurious));

            var expected = outages.Where(r => long.Parse(r["stream"], CultureInfo.InvariantCulture) == connection.Stream).ToList();
            foreach (var graph in connection.Graphs)
            {
                var plot = SequenceGraphRenderer.Build(connection, graph);
                var bands = plot.GetPlottables<ScottPlot.Plottables.HorizontalSpan>()
                    .Where(s => s.FillColor.Alpha == SequenceGraphRenderer.OutageShade.Alpha).ToList();
                Assert.Equal(expected.Count, graph.Outages.Count);
                for (int i = 0; i < expected.Count; i++)
                {
                    // The band's edges in data coordinates are the outage's start and end on the graph's clock.
                    Assert.Equal(graph.Seconds(Nanoseconds(expected[i]["start"])), bands[i].X1, 6);
                    Assert.Equal(graph.Seconds(Nanoseconds(expected[i]["end"])), bands[i].X2, 6);
                }
            }
        }
    }

    [Theory]
    [InlineData("ssh-survived-link.pcap")]
    [InlineData("lossy-transfer.pcap")]
    public void Svg_DrawsOneMarkPerRetransmission(string capture)
    {
        using var dir = new TempDirectory();
        var graphs = Analyse(CliRun.ShippedCapture(capture), dir.File("csv"), all: true);

        Assert.NotEmpty(graphs.Connections);
        foreach (var connection in graphs.Connections)
        {
            foreach (var graph in connection.Graphs)
            {
                string stem = dir.File($"{connection.Stream}-{graph.DirectionName}");
                SequenceGraphRenderer.Save(connection, graph, stem);
                string svg = File.ReadAllText(stem + ".svg");
                int timeouts = graph.Retransmissions.Count(r => r.Kind == RetransmissionKind.Timeout);

                // A filled circle per timeout retransmission, and one in the legend when there are any.
                int circles = Regex.Count(svg, "<ellipse fill=\"#D55E00\"");
                Assert.Equal(timeouts == 0 ? 0 : timeouts + 1, circles);
                Assert.True(new FileInfo(stem + ".png").Length > 10_000, "the PNG is all but empty");
            }
        }
    }

    [Fact]
    public void Graph_OfALongTransfer_IsDecimatedVisibly_AndStaysBounded()
    {
        const int segments = 6000;
        var scenario = Scenario.Start().Handshake();
        for (int i = 0; i < segments; i++)
        {
            scenario.Client(20 + i, 1 + ((uint)i * 100), 1, len: 100, flags: "PA").Server(20.5 + i, 1, 1 + ((uint)(i + 1) * 100));
        }

        scenario.Client(20 + segments, 1 + (segments * 100u), 1, flags: "RA"); // ends as reset: selected without --plot-all
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("long.pcap"), scenario.ToPcap());
        var graphs = Analyse(dir.File("long.pcap"), dir.File("csv"), all: false);

        var graph = Assert.Single(graphs.Connections).Graphs.Single(g => g.ClientData);
        Assert.Equal(segments + 1, graph.Segments); // the SYN and every data segment, counted
        Assert.InRange(graph.Bars.Count, DirectionTrace.MaxBars / 2, DirectionTrace.MaxBars);
        Assert.Equal(graph.Segments, graph.Bars.Sum(b => (long)b.Segments)); // merged, none lost
        Assert.True(graph.SegmentsPerBar > 1);
        Assert.InRange(graph.Acks.Count, 1, DirectionTrace.MaxAcks);
        Assert.Single(graph.Ends, e => e.Reset);

        var plot = SequenceGraphRenderer.Build(graphs.Connections[0], graph);
        var note = Assert.Single(plot.GetPlottables<ScottPlot.Plottables.Annotation>());
        Assert.Contains($"each bar stands for up to {graph.SegmentsPerBar} of the {segments + 1:N0} segments", note.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DecimatingSeries_KeepsEveryPoint_InAtMostItsCapacity()
    {
        var series = new DecimatingSeries<long>(10, (a, b) => a + b);
        for (int i = 0; i < 1000; i++)
        {
            series.Add(1);
            Assert.InRange(series.Slots.Count, 1, 10);
            Assert.Equal(i + 1, series.Slots.Sum());
            Assert.All(series.Slots, slot => Assert.InRange(slot, 1, series.PointsPerSlot));
        }

        Assert.Equal(128, series.PointsPerSlot); // 1000 points in 10 slots: each holds up to 128
    }

    [Fact]
    public void Index_ShowsTheTimelineAndEveryGraph_WithTheReportsSentences()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = CliRun.Run("analyze", "--plot", dir.File("plots"), CliRun.ShippedCapture("ssh-survived-link.pcap"), CliRun.ShippedCapture("ssh-idle.pcap"));

        Assert.True(exit == 0, stderr);
        string html = File.ReadAllText(dir.File(Path.Combine("plots", "index.html")));
        Assert.Equal(2, Regex.Count(html, "<section class=\"capture\">"));
        Assert.Equal(2, Regex.Count(html, "<svg ")); // both timelines, inlined
        Assert.Equal(2, Regex.Count(html, "src=\"data:image/png;base64,")); // the survived connection's two directions
        Assert.Contains("survived a 5.1 s outage", html, StringComparison.Ordinal);
        Assert.Contains("No affected connection (any verdict but unaffected): no time-sequence graphs.", html, StringComparison.Ordinal);
        Assert.Equal(
            ["index.html", "ssh-idle.svg", "ssh-survived-link-stream-0-client.png", "ssh-survived-link-stream-0-client.svg",
             "ssh-survived-link-stream-0-server.png", "ssh-survived-link-stream-0-server.svg", "ssh-survived-link.svg"],
            Directory.GetFiles(dir.File("plots")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PlotAll_WithoutPlot_IsAUsageError()
    {
        var (exit, _, stderr) = CliRun.Run("analyze", "--plot-all", CliRun.ShippedCapture("ssh-idle.pcap"));

        Assert.Equal(1, exit);
        Assert.Contains("--plot-all needs --plot", stderr, StringComparison.Ordinal);
    }

    /// <summary>Analyses a capture with recycled connections (as the command does) into graphs and CSV files.</summary>
    private static SequenceGraphs Analyse(string capture, string csvDirectory, bool all)
    {
        var graphs = new SequenceGraphs(all, maxConnections: 100);
        using (var csv = new CsvReportWriter(csvDirectory))
        using (var reader = CaptureReader.Open(capture))
        {
            CaptureFileAnalysis.Run(reader, new AnalysisOptions { RecycleConnections = true }, new SinkFanout(graphs, csv));
        }

        return graphs;
    }

    private static List<Dictionary<string, string>> Csv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private static int Count(Dictionary<string, string> row, string column) => int.Parse(row[column], CultureInfo.InvariantCulture);

    /// <summary>A CSV time (UTC ISO-8601, up to nanoseconds) as nanoseconds since 1970.</summary>
    private static long Nanoseconds(string iso)
    {
        var match = IsoTime().Match(iso);
        var whole = DateTime.ParseExact(match.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        string fraction = match.Groups[2].Value.PadRight(9, '0');
        return ((whole - DateTime.UnixEpoch).Ticks * 100) + long.Parse(fraction, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.?(\d*)Z$")]
    private static partial Regex IsoTime();
}
