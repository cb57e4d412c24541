using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// Runs the CLI from a shell script, for what only a shell sets up: a closed stdin or stdout, a pipe whose reader
/// goes away, a file name that is not UTF-8. In the script, <c>$PCAPSURVIVAL</c> runs the CLI.
/// </summary>
internal static class ShellRun
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string script, params string[] arguments) =>
        CliRun.Run(["-c", $"PCAPSURVIVAL=\"dotnet {CliRun.Assembly}\"; {script}", "sh", .. arguments], executable: "/bin/sh");
}
