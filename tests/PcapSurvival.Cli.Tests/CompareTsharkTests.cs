using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// tools/compare-tshark as a test: per-packet analysis against tshark on the captures shipped in captures/,
/// and on the public corpus in ../shared/corpus when it is there. The minimum agreements only ever go up.
/// </summary>
public class CompareTsharkTests
{
    private static string Checker => Path.Combine(CliRun.RepositoryRoot, "tools", "compare-tshark");

    private static string Corpus => Path.GetFullPath(Path.Combine(CliRun.RepositoryRoot, "..", "shared", "corpus"));

    [Fact]
    public void Captures_AgreeWithTshark()
    {
        RequireTools();

        var output = RunChecker(Path.Combine(CliRun.RepositoryRoot, "captures"), "1.0", "1.0");

        Assert.Contains("| total ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicCorpus_AgreesWithTshark()
    {
        RequireTools();
        Assert.SkipUnless(Directory.Exists(Corpus), $"the public capture corpus is not at {Corpus}");

        var output = RunChecker(Corpus, "0.999", "0.999");

        Assert.Contains("162 captures compared", output, StringComparison.Ordinal);
    }

    private static void RequireTools()
    {
        Assert.SkipUnless(TsharkOracle.IsAvailable, TsharkOracle.SkipReason);
        Assert.SkipUnless(Tools.Exists("python3"), "python3 is not installed (apt-get install python3); tools/compare-tshark needs it");
    }

    private static string RunChecker(string folder, string minAgreement, string minKindAgreement)
    {
        // The checker runs the same build of pcapsurvival as the other tests.
        Environment.SetEnvironmentVariable("PCAPSURVIVAL", $"dotnet {CliRun.Assembly}");
        return Tools.Run(Checker, [folder, "--min-agreement", minAgreement, "--min-kind-agreement", minKindAgreement, "--details"], timeoutMs: 900_000);
    }
}
