using PcapSurvival.Cli.Input;

namespace PcapSurvival.Cli;

/// <summary>Where messages go: data to stdout, status and errors to stderr, progress only on a terminal.</summary>
internal static class Terminal
{
    public static bool ShowProgress => !Console.IsErrorRedirected;

    /// <summary>One line: control characters in it (a file name's ESC or newline) are escaped.</summary>
    public static void Error(string message) => Console.Error.WriteLine($"pcapsurvival: {DisplayText.Escape(message)}");

    public static void Status(string message) => Console.Error.WriteLine(DisplayText.Escape(message));
}
