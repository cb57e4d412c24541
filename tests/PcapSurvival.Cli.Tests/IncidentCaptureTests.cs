using System.Text.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// Issue 16's incidents recorded for real by tools/restart-lab.sh (captures/*.json hold the ground truth): the
/// verdict, the reason, the sides, and that the outage and the network-back window agree with the lab's clock.
/// </summary>
public class IncidentCaptureTests
{
    [Theory]
    [InlineData("ssh-midstream", "survived", "", "ports")]
    [InlineData("ssh-keepalive-gave-up", "died", "application_closed", "syn")]
    [InlineData("ssh-peer-reboot", "died", "peer_forgot", "syn")]
    [InlineData("ssh-one-way", "survived", "", "syn")]
    [InlineData("ssh-one-direction", "undetermined", "", "syn")]
    public void Verdict_Sides_AndOutage_AgreeWithTheManifest(string capture, string verdict, string loss, string sidesBy)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliRun.RepositoryRoot, "captures", capture + ".json")));
        var truth = manifest.RootElement;

        var (exit, stdout, _) = CliRun.Run("analyze", "--json", "-", $"captures/{capture}.pcap");

        Assert.Equal(0, exit);
        var records = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var connection = Assert.Single(records, r => r.GetProperty("type").GetString() == "connection" && r.GetProperty("server_port").GetInt32() == 22);
        Assert.Equal(verdict, connection.GetProperty("verdict").GetString());
        Assert.Equal(loss, connection.GetProperty("loss").GetString());
        Assert.Equal(sidesBy, connection.GetProperty("sides_by").GetString());
        Assert.Equal(truth.GetProperty("client_addr").GetString(), connection.GetProperty("client").GetString());
        if (verdict == "undetermined")
        {
            Assert.Equal("one_direction", connection.GetProperty("caveat").GetString());
            return;
        }

        var outage = Assert.Single(records, r => r.GetProperty("type").GetString() == "outage");
        Assert.Equal("client", outage.GetProperty("side").GetString());

        // The outage starts with the first segment the event stopped: sent at most one keystroke interval (0.1 s)
        // before the event's command, and no later than a second after it took effect.
        long start = Ns(outage, "start");
        Assert.InRange(start, truth.GetProperty("event_start_ns").GetInt64() - 1_000_000_000, truth.GetProperty("event_start_done_ns").GetInt64() + 1_000_000_000);

        // The network came back between the command that ended the event and the moment it had taken effect: the
        // window reported must overlap that interval.
        long backAfter = Ns(outage, "network_back_after");
        long backBy = Ns(outage, "network_back_by");
        long ended = truth.GetProperty("event_end_ns").GetInt64();
        long endDone = truth.GetProperty("event_end_done_ns").GetInt64();
        Assert.True(backAfter <= endDone && backBy >= ended, $"network back {backAfter}..{backBy}, event ended {ended}..{endDone}");
    }

    private static long Ns(JsonElement record, string property)
    {
        var time = DateTimeOffset.Parse(record.GetProperty(property).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        return (time - DateTimeOffset.UnixEpoch).Ticks * 100;
    }
}
