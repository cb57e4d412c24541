using System.Diagnostics;
using System.Text.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>What a new user tripped on (issue 19, item 7): each message is one clear line in our words.</summary>
public class FirstUseTests
{
    private static readonly string Died = CliRun.ShippedCapture("ssh-died-retries.pcap");
    private static readonly string Survived = CliRun.ShippedCapture("ssh-survived-link.pcap");

    [Fact]
    public void Help_ShowsTheMinOutageDefaultAsADuration()
    {
        var (_, stdout, _) = CliRun.Run("analyze", "--help");
        Assert.Contains("[default: 1s]", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("00:00:01", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--csv")]
    [InlineData("--parquet")]
    [InlineData("--plot")]
    public void ADirectoryOption_RefusesStandardOutput_AndCreatesNoFolderNamedDash(string option)
    {
        var (exit, _, stderr) = CliRun.Run("analyze", option, "-", Died);
        Assert.Equal(1, exit);
        Assert.Contains($"{option} writes files into a directory and cannot write to standard output (-)", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(CliRun.RepositoryRoot, "-")));
    }

    [Fact]
    public void DoubleDash_EndsTheOptions_SoAFileMayStartWithADash()
    {
        using var dir = new TempDirectory();
        File.Copy(Died, dir.File("-died.pcap"));
        var (exit, stdout, stderr) = RunIn(dir.Path, "analyze", "--", "-died.pcap");
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("-died.pcap: 221 packets", stdout, StringComparison.Ordinal);

        var (withoutExit, _, withoutStderr) = RunIn(dir.Path, "analyze", "-died.pcap");
        Assert.Equal(1, withoutExit);
        Assert.Contains("or after --", withoutStderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownCommand_IsOneLine()
    {
        var (exit, _, stderr) = CliRun.Run("analyse", Died);
        Assert.Equal(1, exit);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("pcapsurvival: 'analyse' is not a command; the commands are analyze, capture, interfaces, explain, compare.", lines[0]);
        Assert.Equal(2, lines.Length); // and the pointer to --help
    }

    [Fact]
    public void Retries2WithUserTimeout_IsRefused()
    {
        var (exit, stdout, stderr) = CliRun.Run("analyze", "--retries2", "5", "--user-timeout", "30s", Died);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--retries2 and --user-timeout both set the give-up budget", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileOrDirectory_IsNamedInOurWords()
    {
        var (exit, _, stderr) = CliRun.Run("analyze", "/nonexistent-dir/x.pcap");
        Assert.Equal(2, exit);
        Assert.Equal("pcapsurvival: /nonexistent-dir/x.pcap: no such directory (a directory on the path is missing)\n", stderr);

        var (_, _, missingFile) = CliRun.Run("analyze", "/nonexistent.pcap");
        Assert.Equal("pcapsurvival: /nonexistent.pcap: no such file\n", missingFile);
    }

    [Fact]
    public void MaxRowsZero_PrintsNoTable_OnlyTheTotals()
    {
        var (exit, stdout, _) = CliRun.Run("analyze", "--max-rows", "0", Died);
        Assert.Equal(0, exit);
        Assert.DoesNotContain("verdict", stdout, StringComparison.Ordinal); // the table's header
        Assert.DoesNotContain("Outages:", stdout, StringComparison.Ordinal);
        Assert.Contains("SSH sessions: 1 died", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void OneConnection_IsSingular()
    {
        var (_, stdout, _) = CliRun.Run("analyze", Died);
        Assert.Contains(", 1 connection, ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("1 connections", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ABudgetOverAHundredPercent_SaysTheConnectionWouldHaveDied()
    {
        // A 6.2 s outage; tcp_retries2 = 2 allows 1.4 s: the session survived, but not under that setting.
        var (exit, stdout, _) = CliRun.Run("analyze", "--retries2", "2", Survived);
        Assert.Equal(0, exit);
        Assert.Contains("(tcp_retries2 = 2): with that setting the client would have given up and the connection died", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_KnowsTheTableColumnsStatesAndSettings_AndTheReportPointsToIt()
    {
        var (exit, stdout, stderr) = CliRun.Run(
            "explain", "ooo", "unseen", "ka", "zwin", "lost", "fast", "spur", "retr", "dupack", "syn_sent", "half_closed", "tcp_syn_retries");
        Assert.True(exit == 0, stderr);
        Assert.Contains("out_of_order: ", stdout, StringComparison.Ordinal);
        Assert.Contains("half_closed: ", stdout, StringComparison.Ordinal);

        var (_, report, _) = CliRun.Run("analyze", Died);
        Assert.Contains("pcapsurvival explain TERM", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_MatchingRetries2_IsNumbers()
    {
        var (exit, stdout, _) = CliRun.Run("analyze", "--json", "-", Died);
        Assert.Equal(0, exit);
        var outage = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("type").GetString() == "outage");
        var values = outage.GetProperty("matching_retries2");
        Assert.Equal(JsonValueKind.Array, values.ValueKind);
        Assert.Equal([3], values.EnumerateArray().Select(v => v.GetInt32()));
    }

    private static (int ExitCode, string Stdout, string Stderr) RunIn(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(CliRun.Assembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}
