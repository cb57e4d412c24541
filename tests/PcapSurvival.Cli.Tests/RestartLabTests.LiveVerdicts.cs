using System.Globalization;
using System.Text.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>Live verdicts on the restart lab: real sshd and ssh, a client that gives up while the link is down.</summary>
public partial class RestartLabTests
{
    /// <summary>
    /// Client tcp_retries2 = 5, the server's link down 60 s, captured live at the client. The client retransmits with
    /// Linux's backoff, then stops (its budget, 12.6 s from the first retransmission, runs out at the next timer). The
    /// capture must say so at most twice the interval the client was then waiting (its next retransmission was due at
    /// the last one plus that interval, which is twice the gap between the last two): the rule waits 1.5 intervals, and
    /// the remaining half interval (6 s here) is room for a loaded machine. The wall-clock time of each line is stamped
    /// by the lab as it reads it; the retransmissions' times are the kernel's stamps on the wire. The capture stops 40 s
    /// into the outage, before the link is back and the server's next retransmission draws the client's RST: the
    /// server still holds the session then, and the capture's report must say so.
    /// </summary>
    [Fact]
    public void ClientGivesUp_CapturedLive_SaysSoWithinTwiceTheBackoff_AndTheHalfOpenServer()
    {
        RequireLab();
        using var dir = new TempDirectory();
        string capture = dir.File("gave-up.pcap");
        string manifestPath = dir.File("gave-up.json");
        string log = dir.File("capture.log");

        var (exit, output) = RunLab(["--preset", "died-retries", "--client-retries2", "5", "--duration", "60", "--capture-stop", "40", "--after", "1",
            "--capturer", "pcapsurvival", "--out", capture, "--manifest", manifestPath, "--capture-log", log]);

        Assert.True(exit == 0, output);
        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var root = manifest.RootElement;
        long linkDown = root.GetProperty("event_start_ns").GetInt64();
        long linkUp = root.GetProperty("event_end_ns").GetInt64();
        long captureStopped = root.GetProperty("capture_stopped_ns").GetInt64();
        string client = root.GetProperty("client_addr").GetString()!;
        var lines = File.ReadAllLines(log).Select(Stamped).ToList();
        string text = string.Join('\n', lines.Select(l => l.Line));
        TestContext.Current.TestOutputHelper?.WriteLine(text);

        // The client's retransmissions of its oldest unacknowledged segment while the link was down, from the wire.
        var (analyzeExit, _, _) = CliRun.Run("analyze", "--csv", dir.File("out"), capture);
        Assert.Equal(0, analyzeExit);
        var sent = Csv(dir.File("out/packets.csv"))
            .Where(p => p["src"] == client && (p["dst_port"] == "22") && int.Parse(p["len"], CultureInfo.InvariantCulture) > 0)
            .Select(p => (Time: Nanoseconds(p["time"]), Seq: p["seq"]))
            .Where(p => p.Time > linkDown && p.Time < linkUp)
            .ToList();
        string stalledSeq = sent.GroupBy(p => p.Seq).Where(g => g.Count() > 2).OrderBy(g => g.First().Time).First().Key;
        var tries = sent.Where(p => p.Seq == stalledSeq).Select(p => p.Time).ToList();
        long last = tries[^1];
        long waiting = 2 * (tries[^1] - tries[^2]); // the retransmission timer armed at the last one
        Assert.True(tries.Count >= 5, $"only {tries.Count} transmissions of the stalled segment");

        var (gaveUpAt, gaveUp) = Assert.Single(lines, l => l.Line.Contains("  gave_up ", StringComparison.Ordinal));
        long delay = gaveUpAt - last;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"gave_up printed {delay / 1e9:0.000} s after the last retransmission; the client was waiting {waiting / 1e9:0.000} s");
        Assert.True(delay >= waiting, $"said after {delay / 1e9:0.000} s, before the next retransmission was even due ({waiting / 1e9:0.000} s)");
        Assert.True(delay <= 2 * waiting, $"said {delay / 1e9:0.000} s after the last retransmission, more than 2 x {waiting / 1e9:0.000} s");
        Assert.Contains("client appears to have given up", gaveUp, StringComparison.Ordinal);
        Assert.Contains("tcp_retries2 = 5", gaveUp, StringComparison.Ordinal);

        var (diedAt, _) = lines.First(l => l.Line.Contains("  verdict ", StringComparison.Ordinal) && l.Line.Contains(":22  died", StringComparison.Ordinal));
        Assert.True(diedAt < captureStopped, "the verdict died came only when the capture stopped");
        var (halfOpenAt, halfOpen) = Assert.Single(lines, l => l.Line.Contains("  half_open ", StringComparison.Ordinal));
        Assert.True(halfOpenAt < captureStopped);
        Assert.Contains("the server may still hold the session (sshd still ESTABLISHED", halfOpen, StringComparison.Ordinal);
        Assert.Contains("half-open: the server may still hold the session", text, StringComparison.Ordinal); // the final report
        Assert.Empty(LeftOver(output));
    }

    /// <summary>A line of the lab's capture log: the wall-clock time it was read (Unix seconds.microseconds), in nanoseconds.</summary>
    private static (long At, string Line) Stamped(string line)
    {
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        long at = (long)(decimal.Parse(line[..space], CultureInfo.InvariantCulture) * 1_000_000_000m);
        return (at, line[(space + 1)..]);
    }
}
