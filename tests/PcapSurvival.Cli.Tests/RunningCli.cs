using System.Diagnostics;
using System.Text;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>The real CLI started as a process of its own, to be signalled, fed through its stdin, or waited for.</summary>
internal sealed class RunningCli : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private RunningCli(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Stdin, kept open (and silent) until the test closes it.</summary>
    public Stream Stdin => _process.StandardInput.BaseStream;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static RunningCli Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = CliRun.RepositoryRoot,
        };
        start.ArgumentList.Add(CliRun.Assembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new RunningCli(Process.Start(start) ?? throw new InvalidOperationException("cannot start pcapsurvival"));
    }

    public void Signal(int signal) => Posix.Signal(_process.Id, signal);

    /// <summary>Waits for the exit; false if it has not come within <paramref name="limit"/>.</summary>
    public bool WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit))
        {
            return false;
        }

        _process.WaitForExit(); // and for the last output lines
        return true;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (a file appears, a pipe is drained); fails after a minute.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"waited a minute for {what}");
            }

            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.Append(line).Append('\n');
            }
        }
    }
}
