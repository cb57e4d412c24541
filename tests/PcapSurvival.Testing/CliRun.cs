using System.Diagnostics;

namespace PcapSurvival.Testing;

/// <summary>Runs the real pcapsurvival executable (the build next to the test assembly) as a separate process.</summary>
public static class CliRun
{
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "pcapsurvival.dll");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The path of one of the captures shipped in captures/.</summary>
    public static string ShippedCapture(string fileName) => Path.Combine(RepositoryRoot, "captures", fileName);

    /// <param name="executable">A native pcapsurvival executable to run instead of the build next to the tests.</param>
    public static (int ExitCode, string Stdout, string Stderr) Run(
        IEnumerable<string> arguments, byte[]? stdin = null, int timeoutMs = 120_000, string? executable = null)
    {
        var start = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            WorkingDirectory = RepositoryRoot,
        };
        if (executable is null)
        {
            start.ArgumentList.Add(Assembly);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start pcapsurvival");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("pcapsurvival did not finish");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments) => Run(arguments, null);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PcapSurvival.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PcapSurvival.sln not found above the test directory");
    }
}
