using System.CommandLine;
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

        // Ctrl-C and SIGTERM cancel the action's token; the action then flushes what it has and returns 130 or 143.
        // The default 2 s grace would cut that flush short, so give it a minute.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration
        {
            ProcessTerminationTimeout = TimeSpan.FromMinutes(1),
        });
    }
}
