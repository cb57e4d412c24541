using System.CommandLine;
using System.Globalization;
using PcapSurvival.Capture;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Cli.Commands;

/// <summary><c>pcapsurvival capture -i IFACE</c>: records an interface and analyzes it as it happens.</summary>
internal static class CaptureCommand
{
    private const string Description = """
        Capture on a network interface and analyze as it happens: a line per new connection, outage start and
        end, RST and verdict on stdout; at the end (-c, --duration, Ctrl-C or SIGTERM) the same report, CSV and
        JSON as analyze. -w records every packet to a pcap file (nanosecond timestamps), flushed every second.
        Needs root or CAP_NET_RAW.

        Examples:
          pcapsurvival capture -i eth0 -f "tcp port 22" -w restart.pcap
          pcapsurvival capture -i eth0 --duration 10m --csv out/
          pcapsurvival capture -i 2 -c 100000 --buffer 128 -w big.pcap
          pcapsurvival capture -i eth0 -w ring.pcap -C 100 -W 10   (a ring of 10 files of 100 MB, as tcpdump)
        """;

    public static Command Create()
    {
        var shared = new SharedOptions();
        var options = new CaptureOptions();
        var command = new Command("capture", Description);
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        shared.AddTo(command);
        command.Validators.Add(options.Validate);

        command.SetAction((result, cancellation) => RunAsync(result, shared, options, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, SharedOptions shared, CaptureOptions options, CancellationToken cancellation)
    {
        int bufferMegabytes = result.GetValue(options.Buffer);
        var captureOptions = new LiveCaptureOptions
        {
            Interface = result.GetRequiredValue(options.Interface),
            Filter = result.GetValue(shared.Filter),
            Snaplen = result.GetValue(options.Snaplen),
            BufferBytes = bufferMegabytes << 20,
            Promiscuous = !result.GetValue(options.NoPromiscuous),
            PacketLimit = result.GetValue(options.Count),
        };

        LiveCapture capture;
        try
        {
            capture = LiveCapture.Open(captureOptions);
        }
        catch (LibpcapMissingException e)
        {
            Terminal.Error(e.Message);
            return ExitCodes.Capture;
        }
        catch (BpfFilterException e)
        {
            Terminal.Error(e.Message);
            return ExitCodes.Usage;
        }
        catch (CaptureDeviceException e)
        {
            Terminal.Error(Explain(e));
            return ExitCodes.Capture;
        }

        using (capture)
        {
            foreach (string warning in capture.Warnings)
            {
                Terminal.Error($"warning: {warning}");
            }

            string? writePath = result.GetValue(options.Write);
            if (writePath is not null)
            {
                try
                {
                    capture.WriteTo(writePath, options.Rotation(result));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Terminal.Error($"cannot write {writePath}: {e.Message}");
                    return ExitCodes.Usage;
                }
            }

            string? jsonPath = result.GetValue(shared.Json);
            var statusEvery = result.GetValue(options.StatusEvery);
            var status = Terminal.ShowProgress ? new CaptureStatusLine(capture) : null;
            var printer = jsonPath == "-" ? null : new LiveEventPrinter(Console.Out, status is null ? null : status.Clear);
            OutputSinks outputs;
            try
            {
                outputs = new OutputSinks(shared.Outputs(result), printer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Terminal.Error($"cannot write the output: {IoErrorText.Describe(e)}");
                return ExitCodes.Usage;
            }

            bool outputFailureReported = false;
            try
            {
                using (outputs)
                {
                    // Every sink here prints or copies what it keeps, never the connection objects: those can be reused.
                    var analysisOptions = new AnalysisOptions
                    {
                        Outages = shared.OutageSettings(result), RecycleConnections = true, MaxConnections = result.GetValue(shared.MaxConnections),
                    };
                    var analyzer = new TrafficAnalyzer(new CaptureInfo(capture.InterfaceName, capture.TimestampDigits), analysisOptions, outputs.Sink);
                    // Stalls go to printed lines when asked for, else to the status line of a terminal.
                    var board = statusEvery is null && status is not null ? new StallBoard(printer) : null;
                    analyzer.Commentary = (ILiveCommentary?)board ?? printer;
                    var sinceFlush = System.Diagnostics.Stopwatch.StartNew();
                    var session = new LiveSession(capture, analyzer, new LiveSessionOptions
                    {
                        Duration = result.GetValue(options.Duration),
                        StallStatusEvery = board is null ? statusEvery : LiveSession.TickInterval,
                        Tick = () =>
                        {
                            status?.Update(analyzer.LiveConnections, analyzer.EvictedConnections, board?.TakeSummary());
                            if (sinceFlush.ElapsedMilliseconds >= 1000)
                            {
                                outputs.Flush();
                                sinceFlush.Restart();
                            }
                        },
                        Completed = statistics =>
                        {
                            status?.Clear();
                            WriteSummary(jsonPath == "-" ? Console.Error : Console.Out, capture, statistics, bufferMegabytes);
                            outputs.Flush();
                        },
                    });

                    Terminal.Status(StartLine(capture, captureOptions, bufferMegabytes, writePath));
                    // The token is ProcessStop's: SIGINT, SIGTERM or a closed stdout pipe (Program sets the exit code).
                    var outcome = await session.RunAsync(cancellation);
                    status?.Clear();
                    (int exitCode, outputFailureReported) = ExitCodeOf(outcome, writePath);
                    return exitCode;
                }
            }
            catch (IOException e)
            {
                // Disposing the outputs flushes them, which fails on a full disk (again, if already said above).
                if (!outputFailureReported && !StandardOutput.IsBrokenPipe(e))
                {
                    Terminal.Error($"cannot write the output: {IoErrorText.Describe(e)}");
                }

                return ExitCodes.Usage;
            }
        }
    }

    /// <summary>Says what went wrong in a finished session, and the exit code for it; also whether an output failure was said.</summary>
    private static (int ExitCode, bool OutputFailureReported) ExitCodeOf(LiveSessionResult outcome, string? writePath)
    {
        int exitCode = ExitCodes.Success;
        bool outputFailureReported = false;
        if (outcome.Fault is { } fault && !StandardOutput.IsBrokenPipe(fault)) // nobody reads stdout: stop quietly
        {
            Terminal.Error(fault is IOException
                ? $"cannot write the output: {fault.Message}{(writePath is null ? "" : $"; {writePath} was still written")}"
                : $"the analysis failed, the capture went on: {fault.GetType().Name}: {fault.Message}");
            outputFailureReported = fault is IOException;
            exitCode = ExitCodes.Usage;
        }

        if (outcome.WriteFailure is { } writeFailure)
        {
            Terminal.Error($"writing {writePath} failed: {writeFailure}");
            exitCode = ExitCodes.Usage;
        }

        if (outcome.CaptureFailure is { } failure)
        {
            Terminal.Error(failure);
            return (ExitCodes.Capture, outputFailureReported);
        }

        return (exitCode, outputFailureReported);
    }

    /// <summary>The one-line error for a device that could not be opened, with what to do about it.</summary>
    internal static string Explain(CaptureDeviceException e) => e.Error switch
    {
        CaptureError.NoSuchInterface => e.Available.Count > 0
            ? $"{e.Message} (there are: {string.Join(", ", e.Available)}; see pcapsurvival interfaces)"
            : $"{e.Message} (libpcap lists no interfaces here)",
        CaptureError.PermissionDenied => $"{e.Message}: capturing needs root or CAP_NET_RAW; to grant it: {SetcapAdvice()}",
        CaptureError.InterfaceDown => $"{e.Message}: bring it up first (ip link set {e.InterfaceName} up)",
        _ => e.Message,
    };

    /// <summary>setcap on the apphost, never on dotnet itself (that would give every .NET program raw sockets).</summary>
    private static string SetcapAdvice()
    {
        string name = OperatingSystem.IsWindows() ? "pcapsurvival.exe" : "pcapsurvival";
        string apphost = Path.Combine(AppContext.BaseDirectory, name);
        bool viaApphost = Path.GetFileName(Environment.ProcessPath) == name;
        string advice = $"sudo setcap cap_net_raw+ep {apphost}";
        return viaApphost ? advice : $"{advice} and run that file (not dotnet pcapsurvival.dll)";
    }

    private static string StartLine(LiveCapture capture, LiveCaptureOptions options, int bufferMegabytes, string? writePath)
    {
        string filter = options.Filter is null ? "" : $", filter \"{options.Filter}\"";
        string file = writePath is null ? "" : $", writing {writePath}";
        string stop = options.PacketLimit is long limit ? $"stops after {limit.ToString("N0", CultureInfo.InvariantCulture)} {(limit == 1 ? "packet" : "packets")} or on Ctrl-C" : "Ctrl-C stops";
        return $"capturing on {capture.InterfaceName} ({capture.LinkType}), snaplen {options.Snaplen}, buffer {bufferMegabytes} MiB{filter}{file}; {stop}";
    }

    private static void WriteSummary(TextWriter output, LiveCapture capture, FileStatistics statistics, int bufferMegabytes)
    {
        var invariant = CultureInfo.InvariantCulture;
        var kernel = capture.Kernel;
        long queueDropped = capture.Queue.Dropped;
        string file = capture.WritePath is null ? "" : $", all written to {capture.WritePath}";
        output.WriteLine(string.Format(
            invariant, "Capture on {0}: {1:N0} packets captured{2}, {3:N0} analysed; dropped: {4:N0} by the kernel, {5:N0} by the interface, {6:N0} by the analysis queue",
            capture.InterfaceName, capture.Captured, file, statistics.Packets, kernel.Dropped, kernel.InterfaceDropped, queueDropped));
        if (kernel.Dropped > 0)
        {
            output.WriteLine($"  the kernel ring overflowed: packets were lost before the capture saw them; a larger --buffer (now {bufferMegabytes} MiB) helps");
        }

        if (queueDropped > 0)
        {
            string advice = capture.WritePath is null ? "capture with -w and analyze the file" : $"pcapsurvival analyze {capture.WritePath}";
            output.WriteLine(string.Format(invariant, "  the analysis could not keep up and skipped {0:N0} packets; for complete results: {1}", queueDropped, advice));
        }

        output.Flush();
    }
}
