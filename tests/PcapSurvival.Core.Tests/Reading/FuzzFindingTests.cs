using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Reporting.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Reading;

/// <summary>
/// The minimized inputs of AFL++'s findings (tools/Fuzz), kept in FuzzFindings/: each is read, analyzed and written
/// as JSON Lines as the harness does, and must end as an accepted capture or a documented refusal, never an exception.
/// </summary>
public sealed class FuzzFindingTests
{
    private static readonly string Findings = Path.Combine(CliRun.RepositoryRoot, "tests", "PcapSurvival.Core.Tests", "FuzzFindings");

    public static TheoryData<string> Inputs() => [.. Directory.GetFiles(Findings).Select(path => Path.GetFileName(path)).Order()];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Finding_IsAnalyzedWithoutAnException(string name)
    {
        CaptureReader reader;
        try
        {
            reader = CaptureReader.FromStream(new MemoryStream(File.ReadAllBytes(Path.Combine(Findings, name))), name);
        }
        catch (CaptureFormatException)
        {
            return;
        }

        using (reader)
        using (var json = new JsonLinesWriter(Stream.Null))
        {
            CaptureFileAnalysis.Run(reader, new AnalysisOptions { AnalyzingThreads = 1 }, json, cancellation: TestContext.Current.CancellationToken);
        }
    }
}
