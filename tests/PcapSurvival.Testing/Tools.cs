using System.Diagnostics;

namespace PcapSurvival.Testing;

/// <summary>Runs external programs for tests.</summary>
public static class Tools
{
    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, program)));

    /// <summary>Runs a program to completion and returns its standard output; throws when it fails.</summary>
    public static string Run(string program, IEnumerable<string> arguments, int timeoutMs = 120_000)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeoutMs} ms");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout;
    }
}
