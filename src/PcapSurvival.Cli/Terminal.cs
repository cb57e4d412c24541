namespace PcapSurvival.Cli;

/// <summary>Where messages go: data to stdout, status and errors to stderr, progress only on a terminal.</summary>
internal static class Terminal
{
    public static bool ShowProgress => !Console.IsErrorRedirected;

    public static void Error(string message) => Console.Error.WriteLine($"pcapsurvival: {message}");

    public static void Status(string message) => Console.Error.WriteLine(message);
}
