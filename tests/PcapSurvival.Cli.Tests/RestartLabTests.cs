using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// The restart lab end to end: real sshd and ssh in network namespaces, the server's link bounced, captured live
/// by pcapsurvival capture, analyzed, and compared with the lab's ground truth. Needs root.
/// </summary>
public partial class RestartLabTests
{
    private static string Lab => Path.Combine(CliRun.RepositoryRoot, "tools", "restart-lab.sh");

    /// <summary>
    /// The outage's bounds come from the manifest and the wire, never from how quiet the machine is. The lab stamps
    /// each change just before the command that makes it (<c>event_start_ns</c>, <c>event_end_ns</c>) and again once
    /// it took effect (<c>_done_ns</c>). So: the outage begins after the client's last segment that the server
    /// acknowledged and no later than the client's first segment sent once the link was down; it ends no earlier
    /// than the command that brought the link back and no later than the answer to the client's first try once the
    /// network was whole again (that try comes at most one retransmission interval later; its answer is on the wire).
    /// </summary>
    [Fact]
    public void LinkBounce_CapturedLive_SurvivesWithTheOutageWhereTheManifestSaysItWas()
    {
        RequireLab();
        using var dir = new TempDirectory();
        string capture = dir.File("bounce.pcap");
        string manifestPath = dir.File("bounce.json");

        var (exit, output) = RunLab(["--preset", "survived-link", "--duration", "4", "--after", "3", "--capturer", "pcapsurvival",
            "--out", capture, "--manifest", manifestPath]);

        Assert.True(exit == 0, output);
        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var root = manifest.RootElement;
        long linkDownDone = root.GetProperty("event_start_done_ns").GetInt64();
        long linkUpCommand = root.GetProperty("event_end_ns").GetInt64();
        long networkWhole = root.GetProperty("event_end_done_ns").GetInt64();
        string client = root.GetProperty("client_addr").GetString()!;
        Assert.Equal(0, root.GetProperty("ssh_exit_code").GetInt32());

        var (analyzeExit, _, _) = CliRun.Run("analyze", "--csv", dir.File("out"), capture);

        Assert.Equal(0, analyzeExit);
        var connections = Csv(dir.File("out/connections.csv"));
        var ssh = Assert.Single(connections, c => c["server_port"] == "22");
        Assert.Equal("survived", ssh["verdict"]);
        long linkDown = root.GetProperty("event_start_ns").GetInt64();
        // On a busy machine the lab's own workload can stall too (its ssh client starved, then a backlog sent at
        // once), which the analysis rightly reports as a silence; the outage under test is the one the event made.
        var outage = Assert.Single(Csv(dir.File("out/outages.csv")),
            o => Nanoseconds(o["start"]) <= networkWhole && Nanoseconds(o["end"]) >= linkDown);
        long start = Nanoseconds(outage["start"]);
        long end = Nanoseconds(outage["end"]);
        var wire = Csv(dir.File("out/packets.csv")).Where(p => p["dst_port"] == "22" || p["src_port"] == "22")
            .Select(p => new WirePacket(Nanoseconds(p["time"]), p["src"] == client, long.Parse(p["seq"], CultureInfo.InvariantCulture),
                long.Parse(p["ack"], CultureInfo.InvariantCulture), int.Parse(p["len"], CultureInfo.InvariantCulture)))
            .ToList();

        // Everything the server sent before the link came back was sent before it went down.
        long acked = wire.Where(p => !p.FromClient && p.Time < linkUpCommand).Max(p => p.Ack);
        long lastAcknowledged = wire.Where(p => p.FromClient && p.Length > 0 && p.Seq + p.Length <= acked).Max(p => p.Time);
        long firstSentWhileDown = wire.First(p => p.FromClient && p.Length > 0 && p.Time >= linkDownDone).Time;
        Assert.InRange(start, lastAcknowledged + 1, firstSentWhileDown);
        long firstTryOnceWhole = wire.First(p => p.FromClient && p.Length > 0 && p.Time >= networkWhole).Time;
        long itsAnswer = wire.First(p => !p.FromClient && p.Time >= firstTryOnceWhole).Time;
        Assert.InRange(end, linkUpCommand, itsAnswer);
        Assert.Empty(LeftOver(output));
    }

    [Fact]
    public async Task Sigterm_MidRun_LeavesNoNamespaceOrProcessBehind()
    {
        RequireLab();
        using var dir = new TempDirectory();
        var before = LabProcesses();
        var start = new ProcessStartInfo(Lab) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { "--preset", "survived-link", "--out", dir.File("x.pcap") })
        {
            start.ArgumentList.Add(argument);
        }

        using var lab = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        var inOutage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lab.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                inOutage.TrySetResult(); // the lab ended first: the assertions below say how
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data.Contains("event: server link down", StringComparison.Ordinal))
            {
                inOutage.TrySetResult();
            }
        };
        lab.BeginErrorReadLine();

        // Inside the outage, whenever the lab gets there on this machine: namespaces, sshd, ssh and the capturer all run.
        await inOutage.Task.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        Assert.False(lab.HasExited, $"the lab ended before the outage:\n{log}");
        Tools.Run("kill", ["-TERM", lab.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(lab.WaitForExit(60_000), "the lab did not stop within 60 s of SIGTERM");

        lab.WaitForExit(); // the end of the redirected stderr
        Assert.Equal(143, lab.ExitCode);
        string text;
        lock (log)
        {
            text = log.ToString();
        }

        Assert.Contains("namespaces psl-", text, StringComparison.Ordinal);
        Assert.Empty(LeftOver(text));
        Assert.Empty(LabProcesses().Except(before));
    }

    private static void RequireLab()
    {
        Assert.SkipUnless(Environment.UserName == "root", "needs root: the restart lab creates network namespaces and runs sshd");
        string[] needed = ["ip", "sshd", "ssh", "ssh-keygen", "nft", "ethtool", "tcpdump"];
        var missing = needed.Where(p => !Tools.Exists(p) && !File.Exists($"/usr/sbin/{p}")).ToList();
        Assert.SkipWhen(missing.Count > 0, $"the restart lab needs {string.Join(", ", missing)} (apt-get install openssh-server openssh-client iproute2 nftables ethtool tcpdump)");
        Assert.SkipUnless(Libpcap.IsInstalled, Libpcap.SkipReason);
    }

    private static (int ExitCode, string Output) RunLab(string[] arguments)
    {
        var start = new ProcessStartInfo(Lab) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PCAPSURVIVAL"] = $"dotnet {CliRun.Assembly}";
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(600_000)) // a hang guard: a run takes 15 to 35 s on a quiet machine, minutes on a busy one
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the restart lab did not finish in 10 minutes");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Namespaces of this run (the lab logs their names) that still exist.</summary>
    private static List<string> LeftOver(string labLog)
    {
        var ours = System.Text.RegularExpressions.Regex.Matches(labLog, @"psl-\d+-[a-z]+").Select(m => m.Value).Distinct().ToList();
        string existing = Tools.Run("ip", ["netns", "list"]);
        return ours.Where(ns => existing.Contains(ns, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Processes started by a lab run: sshd, ssh and their helpers all name the lab's work directory.</summary>
    private static HashSet<int> LabProcesses() =>
        Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : -1)
            .Where(pid => pid > 0 && ReadCommandLine(pid).Contains("psl-work.", StringComparison.Ordinal))
            .ToHashSet();

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static List<Dictionary<string, string>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        return lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private sealed record WirePacket(long Time, bool FromClient, long Seq, long Ack, int Length);

    private static long Nanoseconds(string iso)
    {
        var time = DateTime.Parse(iso[..19], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        string fraction = iso[20..^1].PadRight(9, '0');
        return ((time - DateTime.UnixEpoch).Ticks * 100) + long.Parse(fraction, CultureInfo.InvariantCulture);
    }
}
