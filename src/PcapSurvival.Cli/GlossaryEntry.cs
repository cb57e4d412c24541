namespace PcapSurvival.Cli;

/// <summary>One term of <c>explain</c>: a one-line legend and the longer story behind it.</summary>
internal sealed record GlossaryEntry(string Term, string Group, string Summary, string Details, params string[] Aliases)
{
    public bool Matches(string name) =>
        string.Equals(Term, name, StringComparison.OrdinalIgnoreCase) || Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
}
