using System.Text.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// Issue 16's <c>tcpdump -i any</c> on the router (captures/ssh-any-router*.pcap, SLL2 and SLL): every forwarded
/// packet is there twice, in and out. The second capture is a capture duplicate, never a retransmission.
/// </summary>
public class AnyRouterCaptureTests
{
    [Theory]
    [InlineData("ssh-any-router")]
    [InlineData("ssh-any-router-sll")]
    public void CaptureCopies_AreNotRetransmissions_AndTheVerdictAndOutageAgreeWithTheManifest(string capture)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(CliRun.ShippedCapture(capture + ".json")));
        var (exit, stdout, _) = CliRun.Run("analyze", "--json", "-", $"captures/{capture}.pcap");

        Assert.Equal(0, exit);
        var records = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var connection = Assert.Single(records, r => r.GetProperty("type").GetString() == "connection");
        Assert.Equal("survived", connection.GetProperty("verdict").GetString());
        IncidentCaptureTests.AssertOutageAgrees(records, manifest.RootElement);

        // Nearly every packet went through the router, so nearly half the TCP packets are copies; the real
        // retransmissions are a handful.
        long packets = connection.GetProperty("packets_c2s").GetInt64() + connection.GetProperty("packets_s2c").GetInt64();
        long copies = connection.GetProperty("capture_duplicates").GetInt64();
        Assert.InRange(copies, packets * 9 / 10, packets);
        Assert.InRange(connection.GetProperty("retransmissions").GetInt64(), 1, 20);
        Assert.Equal(0, connection.GetProperty("duplicate_acks").GetInt64());
    }

    [Theory]
    [InlineData("ssh-any-router")]
    [InlineData("ssh-any-router-sll")]
    public void Counts_AreTsharksOnTheIncomingCopiesAlone(string capture)
    {
        Assert.SkipUnless(TsharkOracle.IsAvailable, "needs tshark (Debian package tshark)");
        string path = CliRun.ShippedCapture(capture + ".pcap");
        string incoming = Path.Combine(Path.GetTempPath(), $"{capture}-{Guid.NewGuid():N}.pcap");
        try
        {
            // The oracle: each forwarded packet once (as it came in), analysed by tshark; the outgoing TCP copies counted.
            Tools.Run("tshark", ["-r", path, "-Y", "sll.pkttype != 4", "-w", incoming]);
            int retransmissions = Lines(Tools.Run("tshark", ["-r", incoming, "-Y", "tcp.analysis.retransmission", "-T", "fields", "-e", "frame.number"]));
            int outgoing = Lines(Tools.Run("tshark", ["-r", path, "-Y", "tcp && !icmp && sll.pkttype == 4", "-T", "fields", "-e", "frame.number"]));

            var (exit, stdout, _) = CliRun.Run("analyze", "--json", "-", path);

            Assert.Equal(0, exit);
            var connection = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)
                .Single(r => r.GetProperty("type").GetString() == "connection");
            Assert.Equal(retransmissions, connection.GetProperty("retransmissions").GetInt64());
            Assert.Equal(outgoing, connection.GetProperty("capture_duplicates").GetInt64());
        }
        finally
        {
            File.Delete(incoming);
        }
    }

    private static int Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
}
