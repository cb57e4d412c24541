using System.CommandLine;

namespace PcapSurvival.Cli.Commands;

/// <summary><c>pcapsurvival explain [TERM]</c>: the legend of verdicts, outage kinds and analysis flags.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var term = new Argument<string?>("term") { Description = "A verdict, outage kind, analysis flag or concept", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("explain", "Explain verdicts, outage kinds, analysis flags and the TCP mechanisms behind them") { term };
        command.SetAction(result => Glossary.Print(result.GetValue(term), Console.Out));
        return command;
    }
}
