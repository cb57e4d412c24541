namespace PcapSurvival.Cli;

/// <summary>The text of <c>explain</c>. Filled in with the outage work.</summary>
internal static class Glossary
{
    public static int Print(string? term, TextWriter output)
    {
        output.WriteLine(term ?? "");
        return ExitCodes.Success;
    }
}
