using System.Text.RegularExpressions;

namespace PcapSurvival.Cli;

/// <summary>
/// File errors in our own words, naming the path: .NET's ("Could not find a part of the path '/x/y'") describe
/// its internals, not what the user should do.
/// </summary>
internal static partial class IoErrorText
{
    /// <param name="path">The path involved when the caller knows it; otherwise the one quoted in .NET's message.</param>
    public static string Describe(Exception e, string? path = null)
    {
        var quoted = QuotedPath().Match(e.Message);
        string? named = path ?? (quoted.Success ? quoted.Groups[1].Value : null);
        string? what = e switch
        {
            FileNotFoundException => "no such file",
            DirectoryNotFoundException => "no such directory (a directory on the path is missing)",
            UnauthorizedAccessException => "permission denied",
            PathTooLongException => "the path is too long",
            _ => null,
        };
        return (what, named) switch
        {
            (null, null) => e.Message,
            (null, _) => path is null ? e.Message : $"{path}: {e.Message}",
            (_, null) => e.Message,
            _ => $"{named}: {what}",
        };
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedPath();
}
