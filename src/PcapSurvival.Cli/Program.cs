using System.CommandLine;
using System.CommandLine.Parsing;
using PcapSurvival.Cli.Commands;
using PcapSurvival.Cli.Input;
using PcapSurvival.Cli.Posix;

namespace PcapSurvival.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // Before anything is opened: a closed stdin, stdout or stderr has its descriptor reused by the next file.
        CaptureInput.CheckStdinAtStart();
        StandardOutput.SetUp();
        if (!StandardStream.IsOpen(2, forWriting: true))
        {
            Console.SetError(TextWriter.Null);
        }

        using var signals = new SignalWatcher();
        var root = new RootCommand(
            "PcapSurvival: which TCP connections survived a restart, failover or cable pull, which died, why, and how close they came.")
        {
            AnalyzeCommand.Create(),
            CaptureCommand.Create(),
            InterfacesCommand.Create(),
            ExplainCommand.Create(),
            CompareCommand.Create(),
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

        // Signals are ours (SignalWatcher): System.CommandLine's handler crashed on a second one. The first SIGINT,
        // SIGTERM or closed stdout pipe cancels the action's token; the action flushes what it has and returns.
        try
        {
            int exitCode = await parsed.InvokeAsync(
                new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false },
                ProcessStop.Token);
            return ProcessStop.Reason == StopReason.None ? exitCode : ProcessStop.ExitCode;
        }
        catch (Exception e) when (StandardOutput.IsBrokenPipe(e))
        {
            return ExitCodes.BrokenPipe; // quietly, as cat or tshark killed by SIGPIPE
        }
        catch (Exception e)
        {
            Terminal.Error($"unexpected error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Usage;
        }
    }

    private static string CommandPath(CommandResult command) =>
        command.Parent is CommandResult parent ? $"{CommandPath(parent)} {command.Command.Name}" : "pcapsurvival";
}
