using System.CommandLine;
using System.CommandLine.Parsing;
using PcapSurvival.Cli.Commands;

namespace PcapSurvival.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "PcapSurvival: which TCP connections survived a restart, failover or cable pull, which died, why, and how close they came.")
        {
            AnalyzeCommand.Create(),
            CaptureCommand.Create(),
            InterfacesCommand.Create(),
            ExplainCommand.Create(),
        };

        // No response files: a capture named @something is a file like any other.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            // Errors on stderr only (the library would print the whole help on stdout, into a JSON or CSV pipe).
            foreach (string line in ParseErrorText.Lines(parsed))
            {
                Terminal.Error(line);
            }

            Terminal.Status($"Try '{CommandPath(parsed.CommandResult)} --help'.");
            return ExitCodes.Usage;
        }

        // Ctrl-C and SIGTERM cancel the action's token; the action then flushes what it has and returns 130 or 143.
        // The default 2 s grace would cut that flush short, so give it a minute.
        return await parsed.InvokeAsync(new InvocationConfiguration
        {
            ProcessTerminationTimeout = TimeSpan.FromMinutes(1),
        });
    }

    private static string CommandPath(CommandResult command) =>
        command.Parent is CommandResult parent ? $"{CommandPath(parent)} {command.Command.Name}" : "pcapsurvival";
}
