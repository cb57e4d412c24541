using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// <c>compare</c> on pairs recorded by tools/restart-lab.sh at the client and the server at once (captures/pair-*.pcap
/// and their -at-server.pcap), whose manifests hold the router's nftables drop counter: the truth of how many
/// packets the path lost.
/// </summary>
public class CompareCommandTests
{
    private static string ShiftTool => Path.Combine(CliRun.RepositoryRoot, "tools", "shift-pcap-time.py");

    /// <summary>Every packet the router dropped (random loss and the cut) is a segment lost between the points, and nothing else is.</summary>
    [Theory]
    [InlineData("pair-cut", false)]
    [InlineData("pair-nat", true)]
    public void SegmentsLostBetweenThePoints_AreTheRoutersDrops(string name, bool nat)
    {
        using var dir = new TempDirectory();
        long dropped = RouterDropped(CliRun.ShippedCapture(name + ".json"));

        var tables = Compare(dir, CliRun.ShippedCapture(name + ".pcap"), CliRun.ShippedCapture(name + "-at-server.pcap"));

        Assert.Equal(dropped, tables.Losses.Count(l => l["kind"] == "lost_between"));
        Assert.DoesNotContain(tables.Losses, l => l["kind"] != "lost_between");
        var pair = Assert.Single(tables.Matched);
        Assert.Equal(nat ? "true" : "false", pair["translated"]);
        Assert.Equal("handshake", pair["matched_by"]);
        Assert.Empty(tables.Unmatched);
        // The cut shows as an outage of the path in both directions.
        Assert.Contains(tables.Outages, o => o["direction"] == "c2s");
        Assert.Contains(tables.Outages, o => o["direction"] == "s2c");
    }

    /// <summary>
    /// Both capture points are namespaces of one host, one clock: the true offset is zero, and the estimate's bounds
    /// (delays are never negative) must hold it.
    /// </summary>
    [Fact]
    public void SameHostCaptures_OffsetIsZeroWithinItsUncertainty()
    {
        using var dir = new TempDirectory();

        var offset = Compare(dir, CliRun.ShippedCapture("pair-cut.pcap"), CliRun.ShippedCapture("pair-cut-at-server.pcap")).Offset;

        Assert.InRange(0.0, Seconds(offset["lower_bound_s"]), Seconds(offset["upper_bound_s"]));
        Assert.True(Math.Abs(Seconds(offset["offset_s"])) <= Seconds(offset["uncertainty_s"]) + 1e-9, $"{offset["offset_s"]} ± {offset["uncertainty_s"]}");
    }

    /// <summary>B's timestamps moved by a known amount (tools/shift-pcap-time.py): the estimate moves by that amount, to within 1 ms.</summary>
    [Theory]
    [InlineData("2.5")]
    [InlineData("-2.5")]
    public void InjectedOffset_IsRecoveredWithinAMillisecond(string shift)
    {
        Assert.SkipUnless(Tools.Exists("python3"), "python3 is not installed (apt-get install python3); tools/shift-pcap-time.py needs it");
        using var dir = new TempDirectory();
        string shifted = dir.File("server-shifted.pcap");
        Tools.Run("python3", [ShiftTool, CliRun.ShippedCapture("pair-cut-at-server.pcap"), shifted, shift]);

        var before = Compare(dir, CliRun.ShippedCapture("pair-cut.pcap"), CliRun.ShippedCapture("pair-cut-at-server.pcap"), "plain");
        var after = Compare(dir, CliRun.ShippedCapture("pair-cut.pcap"), shifted, "shifted");

        double injected = double.Parse(shift, CultureInfo.InvariantCulture);
        double recovered = Seconds(after.Offset["offset_s"]) - Seconds(before.Offset["offset_s"]);
        Assert.InRange(recovered, injected - 0.001, injected + 0.001);
        // Moving a clock changes nothing else: the same segments are lost.
        Assert.Equal(before.Losses.Count, after.Losses.Count);
    }

    /// <summary>
    /// The client's first data segment (its SSH banner) taken out of the server's capture, as a capture that dropped it
    /// would: the server acknowledged it at B, so it is B's capture loss, not a loss of the path.
    /// </summary>
    [Fact]
    public void SegmentMissingFromOneCaptureButAcknowledged_IsThatCapturesLoss()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("server-missing-banner.pcap");
        File.WriteAllBytes(missing, WithoutClientsFirstData(File.ReadAllBytes(CliRun.ShippedCapture("pair-cut-at-server.pcap"))));

        var tables = Compare(dir, CliRun.ShippedCapture("pair-cut.pcap"), missing);

        var banner = Assert.Single(tables.Losses, l => l["kind"] == "capture_loss_downstream");
        Assert.Equal(("a", "PSH|ACK", "c2s", "1"), (banner["point"], banner["flags"], banner["direction"], banner["seq"]));
        Assert.Equal(RouterDropped(CliRun.ShippedCapture("pair-cut.json")), tables.Losses.Count(l => l["kind"] == "lost_between"));
    }

    /// <summary>B's file cut short: exit 2 naming it and the offset, the tables still written, and what A saw after B's end is not counted lost.</summary>
    [Fact]
    public void OneFileCutShort_NamesTheOffset_AndJudgesOnlyWhileBothCaptured()
    {
        using var dir = new TempDirectory();
        string cut = dir.File("server-cut.pcap");
        File.WriteAllBytes(cut, File.ReadAllBytes(CliRun.ShippedCapture("pair-cut-at-server.pcap"))[..20_000]);

        var (exit, _, stderr) = CliRun.Run("compare", "--csv", dir.File("out"), CliRun.ShippedCapture("pair-cut.pcap"), cut);

        Assert.Equal(2, exit);
        Assert.Contains("server-cut.pcap: damaged at byte offset", stderr);
        var losses = Table(dir.File("out/path_losses.csv"));
        Assert.InRange(losses.Count(l => l["kind"] == "lost_between"), 1, RouterDropped(CliRun.ShippedCapture("pair-cut.json")));
    }

    /// <summary>A classic little-endian pcap of Ethernet/IPv4 frames without the first TCP PSH from a port other than 22.</summary>
    private static byte[] WithoutClientsFirstData(byte[] pcap)
    {
        var output = new List<byte>(pcap[..24]);
        bool removed = false;
        for (int offset = 24; offset + 16 <= pcap.Length;)
        {
            int length = BitConverter.ToInt32(pcap, offset + 8);
            var frame = pcap.AsSpan(offset + 16, length);
            bool fromClient = frame.Length > 47 && frame[12] == 0x08 && frame[13] == 0x00 && frame[23] == 6
                && (frame[34] << 8 | frame[35]) != 22 && (frame[14 + 20 + 13] & 0x08) != 0;
            if (fromClient && !removed)
            {
                removed = true;
            }
            else
            {
                output.AddRange(pcap.AsSpan(offset, 16 + length));
            }

            offset += 16 + length;
        }

        Assert.True(removed, "the capture has no data from the client");
        return [.. output];
    }

    /// <summary>--json - replaces the report with JSON Lines holding the same rows as the CSV files.</summary>
    [Fact]
    public void JsonLines_HoldTheSameRowsAsTheCsvFiles()
    {
        using var dir = new TempDirectory();
        string a = CliRun.ShippedCapture("pair-nat.pcap"), b = CliRun.ShippedCapture("pair-nat-at-server.pcap");
        var csv = Compare(dir, a, b);

        var (exit, stdout, _) = CliRun.Run("compare", "--json", "-", a, b);

        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(csv.Losses.Count, lines.Count(l => l.GetProperty("type").GetString() == "path_loss"));
        var pair = Assert.Single(lines, l => l.GetProperty("type").GetString() == "matched_connection");
        Assert.Equal(csv.Matched[0]["client_port_b"], pair.GetProperty("client_port_b").GetInt32().ToString(CultureInfo.InvariantCulture));
        var offset = Assert.Single(lines, l => l.GetProperty("type").GetString() == "clock_offset");
        Assert.Equal(Seconds(csv.Offset["offset_s"]), offset.GetProperty("offset_s").GetDouble(), 9);
    }

    /// <summary>The lab live: a pair recorded now (as root), then compared; the router's counter is the truth.</summary>
    [Fact]
    public async Task LabPairRecordedLive_LossesEqualTheRoutersDropCounter()
    {
        Assert.SkipUnless(Environment.UserName == "root", "needs root: the restart lab creates network namespaces and runs sshd");
        string[] needed = ["ip", "sshd", "ssh", "ssh-keygen", "nft", "ethtool", "tcpdump"];
        var missing = needed.Where(p => !Tools.Exists(p) && !File.Exists($"/usr/sbin/{p}")).ToList();
        Assert.SkipWhen(missing.Count > 0, $"the restart lab needs {string.Join(", ", missing)} (apt-get install openssh-server openssh-client iproute2 nftables ethtool tcpdump)");
        using var dir = new TempDirectory();
        string capture = dir.File("pair.pcap");
        var start = new ProcessStartInfo(Path.Combine(CliRun.RepositoryRoot, "tools", "restart-lab.sh"))
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        foreach (string argument in new[] { "--preset", "pair-cut", "--duration", "4", "--after", "3", "--out", capture })
        {
            start.ArgumentList.Add(argument);
        }

        using (var lab = Process.Start(start)!)
        {
            var output = lab.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            _ = lab.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            Assert.True(lab.WaitForExit(600_000), "the lab did not finish in 10 minutes");
            Assert.True(lab.ExitCode == 0, await output);
        }

        var tables = Compare(dir, capture, dir.File("pair-at-server.pcap"));

        Assert.Equal(RouterDropped(dir.File("pair.json")), tables.Losses.Count(l => l["kind"] == "lost_between"));
    }

    private static long RouterDropped(string manifest)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.GetProperty("router_dropped_packets").GetInt64();
    }

    private static double Seconds(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static PairTables Compare(TempDirectory dir, string a, string b, string output = "out")
    {
        var (exit, _, stderr) = CliRun.Run("compare", "--csv", dir.File(output), a, b);
        Assert.True(exit == 0, stderr);
        return new PairTables(
            Table(dir.File($"{output}/matched_connections.csv")),
            Table(dir.File($"{output}/unmatched_connections.csv")),
            Table(dir.File($"{output}/path_losses.csv")),
            Table(dir.File($"{output}/path_outages.csv")),
            Assert.Single(Table(dir.File($"{output}/clock_offset.csv"))));
    }

    /// <summary>A CSV file of ours as rows by column name (no field of these tables holds a comma).</summary>
    private static List<Dictionary<string, string>> Table(string path)
    {
        var lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private sealed record PairTables(
        List<Dictionary<string, string>> Matched,
        List<Dictionary<string, string>> Unmatched,
        List<Dictionary<string, string>> Losses,
        List<Dictionary<string, string>> Outages,
        Dictionary<string, string> Offset);
}
