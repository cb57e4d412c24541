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
        var (truth, records) = Analyze(capture, "pcap");

        var connection = SshConnection(records);
        Assert.Equal(verdict, connection.GetProperty("verdict").GetString());
        Assert.Equal(loss, connection.GetProperty("loss").GetString());
        Assert.Equal(sidesBy, connection.GetProperty("sides_by").GetString());
        Assert.Equal(truth.GetProperty("client_addr").GetString(), connection.GetProperty("client").GetString());
        if (verdict == "undetermined")
        {
            Assert.Equal("one_direction", connection.GetProperty("caveat").GetString());
            return;
        }

        AssertOutageAgrees(records, truth);
    }

    /// <summary>The one outage was the client's, started with the event and saw the network back when it came back.</summary>
    internal static void AssertOutageAgrees(List<JsonElement> records, JsonElement truth)
    {
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

    /// <summary>
    /// The client's own link lost carrier and the capture on it (dumpcap) stopped 4 s into the outage: no packet shows
    /// the silence, only the pcapng statistics block's isb_endtime. Everything was acknowledged at the last packet.
    /// </summary>
    [Fact]
    public void SilenceUntilTheCaptureStopped_Stalled_FromTheCapturesRecordedEnd()
    {
        var (truth, records) = Analyze("ssh-silence-to-end-dumpcap", "pcapng");

        var connection = SshConnection(records);
        Assert.Equal("stalled", connection.GetProperty("verdict").GetString());
        Assert.Equal("silent_until_end", connection.GetProperty("caveat").GetString());
        Assert.Equal("silent until the capture ended, as was the whole capture", connection.GetProperty("reason").GetString());
        Assert.Equal("syn", connection.GetProperty("sides_by").GetString());
        Assert.Equal(truth.GetProperty("client_addr").GetString(), connection.GetProperty("client").GetString());
        var outage = Assert.Single(records, r => r.GetProperty("type").GetString() == "outage");
        Assert.Equal("silence", outage.GetProperty("kind").GetString());
        Assert.Equal("capture_end", outage.GetProperty("ended_by").GetString());

        // The silence starts at the connection's last packet: the last keystroke exchange before the carrier went
        // (a keystroke every 0.1 s: at most 0.5 s before the command, with scheduling) and no later than it took effect.
        long start = Ns(outage, "start");
        Assert.InRange(start, truth.GetProperty("event_start_ns").GetInt64() - 500_000_000, truth.GetProperty("event_start_done_ns").GetInt64());

        // It ends when dumpcap stopped: the lab stamps the moment before its SIGTERM; dumpcap writes isb_endtime as it
        // closes the file, within the lab's 10 s stop timeout.
        long stopped = truth.GetProperty("capture_stopped_ns").GetInt64();
        Assert.InRange(Ns(outage, "end"), stopped, stopped + 10_000_000_000);
    }

    /// <summary>
    /// The same incident captured by tcpdump: a classic pcap ends with its last packet, the connection's own, so the
    /// capture shows no silence at all, and no outage is claimed.
    /// </summary>
    [Fact]
    public void SilenceUntilTheCaptureStopped_ClassicPcapShowsNoSilence_Unaffected()
    {
        var (_, records) = Analyze("ssh-silence-to-end", "pcap");

        var connection = SshConnection(records);
        Assert.Equal("unaffected", connection.GetProperty("verdict").GetString());
        Assert.Equal("", connection.GetProperty("caveat").GetString());
        Assert.DoesNotContain(records, r => r.GetProperty("type").GetString() == "outage");
    }

    /// <summary>25% loss both ways, no event: two stalls of about 3 s where several tries in a row were lost.</summary>
    [Fact]
    public void HeavyLoss_UnaffectedAndDegraded_ItsLongStallsExplainedByTheLoss()
    {
        var (truth, records) = Analyze("ssh-heavy-loss", "pcap");
        Assert.Equal(250, truth.GetProperty("loss_per_mille").GetInt32());
        Assert.Equal(JsonValueKind.Null, truth.GetProperty("event_start_ns").ValueKind);

        var connection = SshConnection(records);
        Assert.Equal("unaffected", connection.GetProperty("verdict").GetString());
        Assert.True(connection.GetProperty("degraded").GetBoolean());
        Assert.InRange(connection.GetProperty("retransmitted_share").GetDouble(), 0.10, 1.0);
        Assert.InRange(connection.GetProperty("short_stalls").GetInt32(), 5, int.MaxValue);
        Assert.Equal(0, connection.GetProperty("outages").GetInt32());
        Assert.DoesNotContain(records, r => r.GetProperty("type").GetString() == "outage");

        var (exit, report, _) = CliRun.Run("analyze", "captures/ssh-heavy-loss.pcap");
        Assert.Equal(0, exit);
        Assert.Matches(@"degraded: \d+% of its bytes were retransmitted \([\d,]+ bytes\), \d+ short stalls under --min-outage, and 2 longer stalls", report);
    }

    /// <summary>
    /// Captured from mid-session, the first packet the server's: it prints a line every 0.5 s while the client only
    /// reads, and its link went down 5 s. The capture holds 2 packets before the silence, so the pace comes from after it.
    /// </summary>
    [Fact]
    public void MidstreamOutput_Survived_TheBacklogMatchesThePaceAfterTheSilence()
    {
        var (truth, records) = Analyze("ssh-midstream-output", "pcap");

        var connection = SshConnection(records);
        Assert.Equal("survived", connection.GetProperty("verdict").GetString());
        Assert.Equal("ports", connection.GetProperty("sides_by").GetString());
        Assert.True(connection.GetProperty("midstream").GetBoolean());
        Assert.Equal(truth.GetProperty("client_addr").GetString(), connection.GetProperty("client").GetString());
        var outage = Assert.Single(records, r => r.GetProperty("type").GetString() == "outage");
        Assert.Equal("silence", outage.GetProperty("kind").GetString());
        Assert.Equal("server", outage.GetProperty("side").GetString());

        // The silence starts at the last packet before the link went down: at most one line (0.5 s, 1 s with
        // scheduling) before the command, and no later than it took effect. It ends with the backlog, which the
        // server sends once its link is back: after the command that restored it, and within a second of it taking
        // effect (the routes are restored after the link, and the server's next write releases the queue).
        Assert.InRange(Ns(outage, "start"), truth.GetProperty("event_start_ns").GetInt64() - 1_000_000_000, truth.GetProperty("event_start_done_ns").GetInt64());
        Assert.InRange(Ns(outage, "end"), truth.GetProperty("event_end_ns").GetInt64(), truth.GetProperty("event_end_done_ns").GetInt64() + 1_000_000_000);
    }

    private static (JsonElement Truth, List<JsonElement> Records) Analyze(string capture, string extension)
    {
        var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliRun.RepositoryRoot, "captures", capture + ".json"))).RootElement;
        var (exit, stdout, _) = CliRun.Run("analyze", "--json", "-", $"captures/{capture}.{extension}");
        Assert.Equal(0, exit);
        return (truth, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList());
    }

    private static JsonElement SshConnection(List<JsonElement> records) =>
        Assert.Single(records, r => r.GetProperty("type").GetString() == "connection" && r.GetProperty("server_port").GetInt32() == 22);

    private static long Ns(JsonElement record, string property)
    {
        var time = DateTimeOffset.Parse(record.GetProperty(property).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        return (time - DateTimeOffset.UnixEpoch).Ticks * 100;
    }
}
