using System.Diagnostics;

namespace PcapSurvival.Capture.Tests.Infrastructure;

/// <summary>A process the test started, with its output lines (and when each arrived); killed by its pid on Dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<(DateTime At, string Line)> _stdout = [];
    private readonly List<(DateTime At, string Line)> _stderr = [];
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public string Description { get; }

    public int Id => _process.Id;

    public string Stdout => Join(_stdout);

    public string Stderr => Join(_stderr);

    public IReadOnlyList<(DateTime At, string Line)> StdoutLines
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    public static ChildProcess Start(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, $"{file} {string.Join(' ', info.ArgumentList)}");
        process.OutputDataReceived += (_, e) => Add(child._stdout, child._stdoutClosed, e.Data);
        process.ErrorDataReceived += (_, e) => Add(child._stderr, child._stderrClosed, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a line on stderr (or stdout) containing <paramref name="text"/>.</summary>
    public async Task WaitForLineAsync(string text, bool onStdout = false, int timeoutSeconds = 180)
    {
        var lines = onStdout ? _stdout : _stderr;
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            lock (lines)
            {
                if (lines.Any(l => l.Line.Contains(text, StringComparison.Ordinal)))
                {
                    return;
                }
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no line with \"{text}\" from {Description}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    public void Signal(int signal) => Native.Signal(_process.Id, signal);

    /// <summary>Waits for the exit and for both output streams to close, then returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(int timeoutSeconds = 180)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Description} did not exit within {timeoutSeconds} s\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }

        _process.Dispose();
    }

    private static string Join(List<(DateTime At, string Line)> lines)
    {
        lock (lines)
        {
            return string.Join('\n', lines.Select(l => l.Line));
        }
    }

    private static void Add(List<(DateTime At, string Line)> lines, TaskCompletionSource closed, string? line)
    {
        var now = DateTime.UtcNow;
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (lines)
        {
            lines.Add((now, line));
        }
    }
}
