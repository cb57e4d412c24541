using System.CommandLine;

namespace PcapSurvival.Cli;

/// <summary>The lines a command line's errors are reported in.</summary>
internal static class ParseErrorText
{
    /// <summary>
    /// The library's messages, except for a word where a command should be: the library then says both that no
    /// command was given and that the word is unknown, which reads as two contradicting errors; one line says it.
    /// </summary>
    public static IEnumerable<string> Lines(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (command is RootCommand && command.Subcommands.Count > 0 && parsed.UnmatchedTokens.Count > 0)
        {
            string word = parsed.UnmatchedTokens[0];
            string list = string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            return [word.StartsWith('-') ? $"unknown option '{word}'; the commands are {list}." : $"'{word}' is not a command; the commands are {list}."];
        }

        return parsed.Errors.Select(e => e.Message);
    }
}
