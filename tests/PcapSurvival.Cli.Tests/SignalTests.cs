using System.Diagnostics;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// SIGINT and SIGTERM on the real process, with input that stalls (a FIFO or a pipe that stops giving data): the
/// first signal flushes what was read and exits 130 or 143, a second one exits at once, and nothing crashes.
/// </summary>
public class SignalTests(SignalTests.Baseline baseline) : IClassFixture<SignalTests.Baseline>
{
    private static readonly string Capture = CliRun.ShippedCapture("ssh-survived-link.pcap");

    /// <summary>
    /// How long after a signal the process may take to exit: a second to hear it (the mechanism reacts at once: the
    /// reads wait on the stop request), then at most what a whole run of the same capture took on this machine,
    /// start-up included, twice over for a machine whose load changes between the two runs.
    /// </summary>
    private TimeSpan Limit => TimeSpan.FromSeconds(1) + (2 * baseline.Elapsed);

    [Fact]
    public void Analyze_SigtermWhileAFifoHasNoMoreData_FlushesWhatWasReadAndExits143()
    {
        using var dir = new TempDirectory();
        using var run = StartOnAStalledFifo(dir);

        run.Cli.Signal(Posix.SIGTERM);

        Assert.True(run.Cli.WaitForExit(Limit), $"still running {Limit.TotalSeconds:0.0} s after SIGTERM");
        Assert.Equal(143, run.Cli.ExitCode);
        Assert.DoesNotContain("exception", run.Cli.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", run.Cli.Stderr); // the stop cut the FIFO short, which is not damage to report
        Assert.Equal(baseline.PacketRows, File.ReadAllLines(Path.Combine(dir.File("out"), "packets.csv")).Length);
        Assert.Equal(baseline.EventRows, File.ReadAllLines(Path.Combine(dir.File("out"), "events.csv")).Length);
        Assert.Contains(baseline.Summary, run.Cli.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_TwoSigintsAFifthOfASecondApart_ExitsWith130AndNeverCrashes()
    {
        using var dir = new TempDirectory();
        using var run = StartOnAStalledFifo(dir);

        run.Cli.Signal(Posix.SIGINT);
        Thread.Sleep(200);
        run.Cli.Signal(Posix.SIGINT);

        Assert.True(run.Cli.WaitForExit(Limit), $"still running {Limit.TotalSeconds:0.0} s after two SIGINTs");
        Assert.Equal(130, run.Cli.ExitCode);
        Assert.DoesNotContain("exception", run.Cli.Stderr, StringComparison.OrdinalIgnoreCase);
        foreach (string file in new[] { "connections.csv", "packets.csv", "events.csv", "outages.csv" })
        {
            // Flushed at the start, so whole whatever the second signal cut short.
            Assert.Equal(baseline.Headers[file], File.ReadLines(Path.Combine(dir.File("out"), file)).First());
        }
    }

    /// <summary>
    /// Issue 21: what was read before the input stalled is analyzed and written during the stall (a batch is handed
    /// over once the writer is quiet for PacketBatch.StallPatience), so that a stop request finds only the ending left:
    /// once the process has gone idle, a SIGTERM ends a run that read the capture within a second of what it takes to
    /// end one that read nothing, measured here the same way, one after the other. Before, the read packets were
    /// analyzed (and the analysis compiled) after the signal: 2 to 3 s on two busy cores.
    /// </summary>
    [Fact]
    public void Analyze_SigtermAfterTheInputStalled_EndsWithinASecondOfARunThatReadNothing()
    {
        using var emptyDir = new TempDirectory();
        var fileHeader = File.ReadAllBytes(Capture)[..24]; // the pcap file header alone: a capture without packets
        TimeSpan nothingRead;
        using (var empty = StartOnAStalledFifo(emptyDir, fileHeader))
        {
            nothingRead = StopWhenIdle(empty.Cli);
            Assert.Equal(143, empty.Cli.ExitCode);
        }

        using var dir = new TempDirectory();
        using var run = StartOnAStalledFifo(dir);
        var captureRead = StopWhenIdle(run.Cli);

        Assert.Equal(143, run.Cli.ExitCode);
        Assert.Equal(baseline.PacketRows, File.ReadAllLines(Path.Combine(dir.File("out"), "packets.csv")).Length);
        Assert.True(
            captureRead <= nothingRead + TimeSpan.FromSeconds(1),
            $"{captureRead.TotalSeconds:0.00} s from SIGTERM to exit after the capture was read, {nothingRead.TotalSeconds:0.00} s when nothing was");
    }

    [Fact]
    public void Analyze_SigintWhileStdinNeverGetsData_Exits130AtOnce()
    {
        using var dir = new TempDirectory();
        using var cli = RunningCli.Start("analyze", "--csv", dir.File("out"), "-");
        RunningCli.WaitUntil(() => File.Exists(Path.Combine(dir.File("out"), "outages.csv")), "the CSV files (opened just before stdin is read)");

        cli.Signal(Posix.SIGINT);

        Assert.True(cli.WaitForExit(Limit), $"still running {Limit.TotalSeconds:0.0} s after SIGINT on a silent stdin");
        Assert.Equal(130, cli.ExitCode);
        Assert.Equal("", cli.Stderr); // no "file is empty": nothing came, and that is not the input's fault
        Assert.Equal(baseline.Headers["packets.csv"], File.ReadLines(Path.Combine(dir.File("out"), "packets.csv")).Single());
    }

    [Fact]
    public void Capture_TwoSigtermsAFifthOfASecondApart_ExitsWith143AndNeverCrashes()
    {
        Assert.SkipUnless(Posix.IsRoot, "live capture needs root (or CAP_NET_RAW)");
        Assert.SkipUnless(Libpcap.IsInstalled, Libpcap.SkipReason);
        using var dir = new TempDirectory();
        using var cli = RunningCli.Start("capture", "-i", "lo", "-f", "tcp port 9", "--csv", dir.File("out"));
        RunningCli.WaitUntil(() => cli.Stderr.Contains("capturing on", StringComparison.Ordinal) || cli.WaitForExit(TimeSpan.Zero), "the capture to start");
        Assert.Contains("capturing on", cli.Stderr, StringComparison.Ordinal);

        cli.Signal(Posix.SIGTERM);
        Thread.Sleep(200);
        cli.Signal(Posix.SIGTERM);

        Assert.True(cli.WaitForExit(Limit), $"still running {Limit.TotalSeconds:0.0} s after two SIGTERMs");
        Assert.Equal(143, cli.ExitCode);
        Assert.DoesNotContain("exception", cli.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Starts <c>analyze --csv DIR/out FIFO</c>, writes the whole capture into the FIFO, waits until the CLI has read
    /// all of it, and keeps the FIFO open without writing more: the CLI waits for data that never comes.
    /// </summary>
    private static StalledRun StartOnAStalledFifo(TempDirectory dir, byte[]? content = null)
    {
        string fifo = dir.File("in.pcap");
        Posix.MakeFifo(fifo);
        var cli = RunningCli.Start("analyze", "--csv", dir.File("out"), fifo);
        var opening = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0));
        Assert.True(opening.Wait(TimeSpan.FromMinutes(1)), "the CLI never opened the FIFO");
        var writer = opening.Result;
        writer.Write(content ?? File.ReadAllBytes(Capture)); // 38 kB: within a pipe's 64 KiB, so this does not wait
        RunningCli.WaitUntil(() => Posix.Unread(writer.SafeFileHandle) == 0, "the CLI to read the FIFO");
        return new StalledRun(cli, writer);
    }

    /// <summary>
    /// Waits until the process uses no CPU for half a second (whatever it does with the input it has, it has done),
    /// sends SIGTERM and returns how long it took to exit.
    /// </summary>
    private TimeSpan StopWhenIdle(RunningCli cli)
    {
        long last = -1;
        int quiet = 0;
        RunningCli.WaitUntil(
            () =>
            {
                Thread.Sleep(100);
                long ticks = Posix.CpuTicks(cli.Id);
                quiet = ticks == last ? quiet + 1 : 0;
                last = ticks;
                return quiet >= 5;
            },
            "the CLI to go idle on the stalled input");
        var watch = Stopwatch.StartNew();
        cli.Signal(Posix.SIGTERM);
        Assert.True(cli.WaitForExit(Limit), $"still running {Limit.TotalSeconds:0.0} s after SIGTERM");
        return watch.Elapsed;
    }

    private sealed record StalledRun(RunningCli Cli, FileStream Writer) : IDisposable
    {
        public void Dispose()
        {
            Cli.Dispose();
            Writer.Dispose();
        }
    }

    /// <summary>A whole run of the capture the tests feed: how long it takes here, and what it writes.</summary>
    public sealed class Baseline : IDisposable
    {
        private readonly TempDirectory _dir = new();

        public Baseline()
        {
            var watch = Stopwatch.StartNew();
            var (exit, stdout, stderr) = CliRun.Run("analyze", "--csv", _dir.File("out"), Capture);
            Elapsed = watch.Elapsed;
            if (exit != 0)
            {
                throw new InvalidOperationException($"the baseline run failed ({exit}): {stderr}");
            }

            string first = stdout.Split('\n')[0];
            Summary = first[first.IndexOf(": ", StringComparison.Ordinal)..]; // ": 318 packets, ..." without the name
            PacketRows = File.ReadAllLines(Path.Combine(_dir.File("out"), "packets.csv")).Length;
            EventRows = File.ReadAllLines(Path.Combine(_dir.File("out"), "events.csv")).Length;
            Headers = new[] { "connections.csv", "packets.csv", "events.csv", "outages.csv" }
                .ToDictionary(f => f, f => File.ReadLines(Path.Combine(_dir.File("out"), f)).First());
        }

        public TimeSpan Elapsed { get; }

        public string Summary { get; }

        public int PacketRows { get; }

        public int EventRows { get; }

        public Dictionary<string, string> Headers { get; }

        public void Dispose() => _dir.Dispose();
    }
}
