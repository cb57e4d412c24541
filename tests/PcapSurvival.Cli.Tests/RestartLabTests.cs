using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// The restart lab end to end: real sshd and ssh in network namespaces, the server's link bounced, captured live
/// by pcapsurvival capture, analyzed, and compared with the lab's ground truth. Needs root.
/// </summary>
public class RestartLabTests
{
    private static string Lab => Path.Combine(CliRun.RepositoryRoot, "tools", "restart-lab.sh");

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
        long eventStart = manifest.RootElement.GetProperty("event_start_ns").GetInt64();
        long eventEnd = manifest.RootElement.GetProperty("event_end_ns").GetInt64();
        Assert.Equal(0, manifest.RootElement.GetProperty("ssh_exit_code").GetInt32());

        var (analyzeExit, _, _) = CliRun.Run("analyze", "--csv", dir.File("out"), capture);

        Assert.Equal(0, analyzeExit);
        var connections = Csv(dir.File("out/connections.csv"));
        var ssh = Assert.Single(connections, c => c["server_port"] == "22");
        Assert.Equal("survived", ssh["verdict"]);
        var outage = Assert.Single(Csv(dir.File("out/outages.csv")));
        long start = Nanoseconds(outage["start"]);
        long end = Nanoseconds(outage["end"]);
        Assert.InRange(start - eventStart, -500_000_000, 500_000_000);
        Assert.InRange(end, eventEnd, eventEnd + 2_000_000_000);
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
        var stderr = lab.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await Task.Delay(5000, TestContext.Current.CancellationToken); // inside the outage: namespaces, sshd, ssh and the capturer are all running
        Tools.Run("kill", ["-TERM", lab.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(lab.WaitForExit(60_000), "the lab did not stop within 60 s of SIGTERM");

        Assert.Equal(143, lab.ExitCode);
        Assert.Empty(LeftOver(await stderr));
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
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the restart lab did not finish in 3 minutes");
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

    private static long Nanoseconds(string iso)
    {
        var time = DateTime.Parse(iso[..19], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        string fraction = iso[20..^1].PadRight(9, '0');
        return ((time - DateTime.UnixEpoch).Ticks * 100) + long.Parse(fraction, CultureInfo.InvariantCulture);
    }
}
