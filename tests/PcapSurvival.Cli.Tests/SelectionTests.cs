using System.Text.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>--only, --port and --stream narrow the report, the CSV, the JSON and the Parquet connection rows alike.</summary>
public class SelectionTests
{
    private static readonly string Died = CliRun.ShippedCapture("ssh-died-retries.pcap");
    private static readonly string Survived = CliRun.ShippedCapture("ssh-survived-link.pcap");
    private static readonly string Lossy = CliRun.ShippedCapture("ssh-sshd-restart.pcap"); // two connections

    [Fact]
    public void Only_Died_KeepsOnlyDiedConnections_InReportCsvAndJson()
    {
        using var dir = new TempDirectory();
        var (exit, stdout, stderr) = CliRun.Run("analyze", "--only", "died", "--csv", dir.File("csv"), Died, Survived);
        Assert.True(exit == 0, stderr);
        Assert.Contains("1 died", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("survived a", stdout, StringComparison.Ordinal); // the survived session's sentence
        string[] rows = File.ReadAllLines(dir.File("csv/connections.csv"));
        string[] header = rows[0].Split(',');
        Assert.Equal(2, rows.Length);
        Assert.Equal("died", rows[1].Split(',')[Array.IndexOf(header, "verdict")]);

        var (jsonExit, json, _) = CliRun.Run("analyze", "--only", "died,stalled", "--json", "-", Died, Survived);
        Assert.Equal(0, jsonExit);
        var verdicts = json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "connection").Select(e => e.GetProperty("verdict").GetString()).ToList();
        Assert.Equal(["died"], verdicts);
    }

    [Fact]
    public void PortAndStream_SelectConnectionsAndTheirPackets()
    {
        using var dir = new TempDirectory();
        var (all, _, _) = CliRun.Run("analyze", "--csv", dir.File("all"), Lossy);
        Assert.Equal(0, all);
        string[] allConnections = File.ReadAllLines(dir.File("all/connections.csv"));
        Assert.True(allConnections.Length > 2, "ssh-sshd-restart has two connections");
        string[] header = allConnections[0].Split(',');
        var second = allConnections[2].Split(',');
        string stream = second[Array.IndexOf(header, "stream")];

        var (exit, _, stderr) = CliRun.Run("analyze", "--stream", stream, "--csv", dir.File("one"), Lossy);
        Assert.True(exit == 0, stderr);
        string[] one = File.ReadAllLines(dir.File("one/connections.csv"));
        Assert.Equal([allConnections[0], allConnections[2]], one);
        string[] packets = File.ReadAllLines(dir.File("one/packets.csv"));
        int streamColumn = Array.IndexOf(packets[0].Split(','), "stream");
        Assert.True(packets.Length > 1);
        Assert.All(packets.Skip(1), p => Assert.Equal(stream, p.Split(',')[streamColumn]));

        string serverPort = second[Array.IndexOf(header, "server_port")];
        var (portExit, _, _) = CliRun.Run("analyze", "--port", serverPort, "--csv", dir.File("port"), Lossy);
        Assert.Equal(0, portExit);
        int expected = allConnections.Skip(1).Count(r =>
            r.Split(',')[Array.IndexOf(header, "server_port")] == serverPort || r.Split(',')[Array.IndexOf(header, "client_port")] == serverPort);
        Assert.Equal(expected, File.ReadAllLines(dir.File("port/connections.csv")).Length - 1);
    }

    [Fact]
    public void Only_AnUnknownVerdict_IsOneLineListingTheVerdicts()
    {
        var (exit, _, stderr) = CliRun.Run("analyze", "--only", "dead", Died);
        Assert.Equal(1, exit);
        Assert.Contains("--only: 'dead' is not a verdict; the verdicts are unaffected,survived,died", stderr, StringComparison.Ordinal);
    }
}
