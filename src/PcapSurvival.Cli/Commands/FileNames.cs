using System.CommandLine.Parsing;

namespace PcapSurvival.Cli.Commands;

/// <summary>The file-name arguments of a command line.</summary>
internal static class FileNames
{
    /// <summary>
    /// True when <paramref name="token"/> came after a "--" on the command line (the usual end of options), so that
    /// "-weird.pcap" there is a file name, not a mistyped option. The parser drops the "--" from what a validator
    /// sees, so the process's own arguments are consulted.
    /// </summary>
    public static bool AfterDoubleDash(Token token, IReadOnlyList<string>? arguments = null)
    {
        arguments ??= Environment.GetCommandLineArgs();
        int doubleDash = -1;
        for (int i = 0; i < arguments.Count; i++)
        {
            if (doubleDash < 0 && arguments[i] == "--")
            {
                doubleDash = i;
            }
            else if (doubleDash >= 0 && arguments[i] == token.Value)
            {
                return true;
            }
        }

        return false;
    }
}
