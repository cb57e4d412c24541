namespace PcapSurvival.Cli;

/// <summary>One term of <c>explain</c>: a one-line legend and the longer story behind it.</summary>
internal sealed record GlossaryEntry(string Term, string Group, string Summary, string Details, params string[] Aliases)
{
    /// <summary>By name or alias, ignoring case, and '-' and '_' alike (tcp-retries2 is tcp_retries2).</summary>
    public bool Matches(string name)
    {
        string wanted = name.Replace('-', '_');
        return Same(Term, wanted) || Aliases.Any(a => Same(a, wanted));
    }

    private static bool Same(string known, string wanted) =>
        string.Equals(known.Replace('-', '_'), wanted, StringComparison.OrdinalIgnoreCase);
}
