using System.CommandLine;

namespace PcapSurvival.Cli.Commands;

/// <summary><c>pcapsurvival explain [TERM...]</c>: the legend of verdicts, outage kinds and analysis flags.</summary>
internal static class ExplainCommand
{
    private const string Description = """
        Explain verdicts, outage kinds, analysis flags and the TCP mechanisms behind them.

        Examples:
          pcapsurvival explain
          pcapsurvival explain survived died
          pcapsurvival explain tcp_retries2
        """;

    public static Command Create()
    {
        var terms = new Argument<string[]>("term")
        {
            Description = "Verdicts, outage kinds, analysis flags or concepts; none for the whole legend",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("explain", Description) { terms };
        command.SetAction(result => Glossary.Print(result.GetValue(terms) ?? [], Console.Out));
        return command;
    }
}
