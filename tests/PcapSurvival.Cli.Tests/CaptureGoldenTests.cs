using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// The reference captures in captures/ (real SSH sessions recorded across real restarts, see captures/README.md):
/// their verdicts, and their connections.csv and outages.csv against golden files (tools/update-expectations.sh).
/// </summary>
public class CaptureGoldenTests
{
    private static string Expectations => Path.Combine(CliRun.RepositoryRoot, "tests", "PcapSurvival.Cli.Tests", "Expectations");

    public static TheoryData<string> Captures() =>
        [.. Directory.GetDirectories(Expectations).Select(d => Path.GetFileName(d)).Order()];

    [Theory]
    [InlineData("ssh-survived-link", "SSH sessions: 1 survived")]
    [InlineData("ssh-survived-restart", "SSH sessions: 1 survived")]
    [InlineData("ssh-survived-output", "SSH sessions: 1 survived")]
    [InlineData("ssh-survived-link-server-side", "SSH sessions: 1 survived")]
    [InlineData("ssh-ipv6-link", "SSH sessions: 1 survived")]
    [InlineData("ssh-bulk-link", "SSH sessions: 1 survived")]
    [InlineData("ssh-died-retries", "SSH sessions: 1 died (reset after the client gave up)")]
    [InlineData("ssh-idle", "SSH sessions: 1 unaffected")]
    [InlineData("ssh-sshd-restart", "SSH sessions: 1 unaffected, 1 refused")]
    [InlineData("lossy-transfer", "SSH sessions: 1 unaffected")]
    public void Verdicts_AreWhatReallyHappened(string capture, string summary)
    {
        var (exit, stdout, _) = CliRun.Run("analyze", $"captures/{capture}.pcap");

        Assert.Equal(0, exit);
        Assert.Contains(summary + "\n", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void ConnectionsAndOutages_MatchTheGoldenFiles(string capture)
    {
        using var dir = new TempDirectory();

        var (exit, _, _) = CliRun.Run("analyze", "--csv", dir.Path, $"captures/{capture}.pcap");

        Assert.Equal(0, exit);
        foreach (string file in new[] { "connections.csv", "outages.csv" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(Expectations, capture, file)), File.ReadAllText(Path.Combine(dir.Path, file)));
        }
    }
}
