using System.Globalization;
using System.Xml.Linq;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

public class PlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Plot_DrawsTheOutageWhereTheCsvPutsIt()
    {
        using var dir = new TempDirectory();
        string capture = CliRun.ShippedCapture("ssh-survived-link.pcap");

        var (exit, _, stderr) = CliRun.Run("analyze", "--plot", dir.File("plots"), "--csv", dir.File("csv"), capture);

        Assert.True(exit == 0, stderr);
        var svg = XDocument.Load(dir.File(Path.Combine("plots", "ssh-survived-link.svg")));
        var connection = Assert.Single(svg.Descendants(Svg + "g"), g => (string?)g.Attribute("class") == "connection");
        Assert.Equal("survived", (string?)connection.Attribute("data-verdict"));
        var outage = Assert.Single(connection.Elements(Svg + "rect"), r => (string?)r.Attribute("class") == "outage retransmission");
        double drawn = Number(outage, "data-end-s") - Number(outage, "data-start-s");

        string[] csv = File.ReadAllLines(dir.File(Path.Combine("csv", "outages.csv")));
        string[] header = csv[0].Split(',');
        string[] row = csv[1].Split(',');
        Assert.Equal(double.Parse(row[Array.IndexOf(header, "duration_s")], CultureInfo.InvariantCulture), drawn, precision: 2);
        Assert.Equal(int.Parse(row[Array.IndexOf(header, "retransmissions")], CultureInfo.InvariantCulture),
            connection.Elements(Svg + "line").Count(l => (string?)l.Attribute("class") == "retransmission"));
        Assert.Contains("survived a 5.1 s outage", outage.Element(Svg + "title")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_KeepsTheMostInterestingHundred_AndSaysHowManyAreLeftOut()
    {
        var packets = new List<TestPacket>();
        for (int i = 0; i < 150; i++)
        {
            var scenario = i % 3 == 0
                ? Scenario.Start(clientPort: (ushort)(20000 + i)).Client(0, 0, 0, flags: "S").Server(1, 0, 1, flags: "RA") // refused
                : Scenario.Start(clientPort: (ushort)(20000 + i)).Handshake(); // unaffected
            packets.AddRange(scenario.Packets(i * 10));
        }

        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("many.pcap"), PcapFileBuilder.Build(packets.OrderBy(p => p.TimestampNs), nanoseconds: true));

        var (exit, _, stderr) = CliRun.Run("analyze", "--plot", dir.File("plots"), dir.File("many.pcap"));

        Assert.True(exit == 0, stderr);
        var svg = XDocument.Load(dir.File(Path.Combine("plots", "many.svg")));
        var rows = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "connection").ToList();
        Assert.Equal(100, rows.Count);
        Assert.Equal(50, rows.Count(g => (string?)g.Attribute("data-verdict") == "refused")); // every refused one is kept
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value.Contains("50 more connections not drawn", StringComparison.Ordinal));
    }

    [Fact]
    public void Plot_GivesEachCaptureItsOwnFile_EvenWithTheSameName()
    {
        using var dir = new TempDirectory();
        byte[] capture = File.ReadAllBytes(CliRun.ShippedCapture("ssh-idle.pcap"));
        Directory.CreateDirectory(dir.File("a"));
        Directory.CreateDirectory(dir.File("b"));
        File.WriteAllBytes(dir.File(Path.Combine("a", "idle.pcap")), capture);
        File.WriteAllBytes(dir.File(Path.Combine("b", "idle.pcap")), capture);

        var (exit, _, _) = CliRun.Run("analyze", "--plot", dir.File("plots"), dir.File(Path.Combine("a", "idle.pcap")), dir.File(Path.Combine("b", "idle.pcap")));

        Assert.Equal(0, exit);
        Assert.Equal(["idle-2.svg", "idle.svg", "index.html"], Directory.GetFiles(dir.File("plots")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Plot_IntoAFile_IsAUsageError()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("taken"), "");

        var (exit, _, stderr) = CliRun.Run("analyze", "--plot", dir.File("taken"), CliRun.ShippedCapture("ssh-idle.pcap"));

        Assert.Equal(1, exit);
        Assert.Contains("--plot", stderr, StringComparison.Ordinal);
        Assert.Contains("exists and is not a directory", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_OfAFileNamedWithAControlCharacter_IsStillValidXml_AndLabelsHoldNoLineBreak()
    {
        using var dir = new TempDirectory();
        string name = dir.File("ctl\u0001name.pcap");
        File.Copy(CliRun.ShippedCapture("ssh-survived-link.pcap"), name);

        var (exit, _, stderr) = CliRun.Run("analyze", "--plot", dir.File("plots"), name);

        Assert.True(exit == 0, stderr);
        // The CLI names the capture with the control character escaped (\x01), and the picture after it.
        var svg = XDocument.Load(dir.File(Path.Combine("plots", "ctl\\x01name.svg")));
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value.Contains("ctl\\x01name.pcap", StringComparison.Ordinal));
        Assert.All(svg.Descendants(Svg + "text"), t => Assert.DoesNotContain('\n', t.Value)); // spaces are drawn (xml:space)
    }

    [Fact]
    public void Plot_WithTimestampsGoingBackwards_KeepsEveryBarOnThePicture()
    {
        var late = Scenario.Start(clientPort: 40001).Handshake().Packets(100_000); // the file's first packet, 100 s late
        var early = Scenario.Start().Handshake().Client(20, 1, 1, len: 10, flags: "PA").Packets(0);
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("backwards.pcap"), PcapFileBuilder.Build([.. late.Take(1), .. early, .. late.Skip(1)], nanoseconds: true));

        var (exit, _, stderr) = CliRun.Run("analyze", "--plot", dir.File("plots"), dir.File("backwards.pcap"));

        Assert.True(exit == 0, stderr);
        var svg = XDocument.Load(dir.File(Path.Combine("plots", "backwards.svg")));
        var bars = svg.Descendants(Svg + "g").SelectMany(g => g.Elements(Svg + "rect")).ToList();
        Assert.NotEmpty(bars);
        Assert.All(bars, bar => Assert.InRange(Number(bar, "x"), 0, 1200));
    }

    [Fact]
    public void Plot_ThatCannotBeWritten_IsOneLine_AndALaterWrongPlotTouchesNoOtherOutput()
    {
        using var dir = new TempDirectory();
        string capture = CliRun.ShippedCapture("ssh-idle.pcap");
        Directory.CreateDirectory(dir.File(Path.Combine("plots", "ssh-idle.svg"))); // in the way of the picture
        File.WriteAllText(dir.File("earlier.json"), "{\"kept\":1}\n");
        File.WriteAllText(dir.File("taken"), "");

        var inTheWay = CliRun.Run("analyze", "--plot", dir.File("plots"), capture);
        var wrongPlot = CliRun.Run("analyze", "--json", dir.File("earlier.json"), "--plot", dir.File("taken"), capture);

        Assert.Equal(1, inTheWay.ExitCode);
        Assert.Contains("cannot write the output", inTheWay.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", inTheWay.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, wrongPlot.ExitCode);
        Assert.Equal("{\"kept\":1}\n", File.ReadAllText(dir.File("earlier.json")));
    }

    private static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);
}
