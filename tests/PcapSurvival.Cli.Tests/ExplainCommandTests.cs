using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

public class ExplainCommandTests
{
    [Fact]
    public void Legend_ListsEveryVerdict()
    {
        var (exit, stdout, _) = CliRun.Run("explain");

        Assert.Equal(0, exit);
        foreach (string verdict in new[] { "survived", "died", "stalled", "unaffected", "reset", "refused", "unanswered" })
        {
            Assert.Contains($"\n  {verdict} ", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SeveralTerms_AreExplainedInTurn_WithDashesOrUnderscores()
    {
        var (exit, stdout, _) = CliRun.Run("explain", "survived", "tcp-retries2");

        Assert.Equal(0, exit);
        Assert.StartsWith("survived: ", stdout, StringComparison.Ordinal);
        Assert.Contains("\ntcp_retries2: ", stdout, StringComparison.Ordinal);
        Assert.All(stdout.Split('\n'), line => Assert.True(line.Length <= 110, line));
    }

    [Fact]
    public void AnUnknownTerm_IsAUsageError()
    {
        var (exit, _, stderr) = CliRun.Run("explain", "survived", "nosuch");

        Assert.Equal(1, exit);
        Assert.Contains("no explanation for \"nosuch\"", stderr, StringComparison.Ordinal);
    }
}
