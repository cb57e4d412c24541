using System.CommandLine;
using PcapSurvival.Capture;
using PcapSurvival.Cli.Input;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Cli.Commands;

/// <summary><c>pcapsurvival analyze FILE...</c>: the offline analysis of capture files.</summary>
internal static class AnalyzeCommand
{
    private const string Description = """
        Analyze pcap or pcapng capture files (gzip-compressed too; - reads standard input): every TCP connection
        with its state, Wireshark's per-packet analysis, outages and a verdict for each connection.

        Examples:
          pcapsurvival analyze captures/ssh-survived-link.pcap
          pcapsurvival analyze --csv out/ trace.pcapng.gz
          pcapsurvival analyze --plot pictures/ restart.pcap
          pcapsurvival analyze -f "tcp port 22" --retries2 8 incident.pcap
          pcapsurvival analyze restart.pcap restart.pcap1 restart.pcap2   (one rotated capture: one trace)
          tcpdump -r big.pcap -w - 'tcp' | pcapsurvival analyze --json - -
        """;

    public static Command Create()
    {
        var shared = new SharedOptions();
        var files = new Argument<string[]>("file")
        {
            Description = "Capture files to analyze (pcap, pcapng, optionally gzip-compressed; - for standard input)",
            Arity = ArgumentArity.OneOrMore,
        };
        files.Validators.Add(r =>
        {
            // An argument that looks like an option is a mistyped option, not a file to look for; after -- every
            // word is a file name.
            foreach (var token in r.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-' && !FileNames.AfterDoubleDash(token))
                {
                    r.AddError($"Unrecognized option '{token.Value}' (a file whose name starts with - can be given as ./{token.Value}, or after --).");
                }
            }
        });
        var command = new Command("analyze", Description) { files };
        shared.AddTo(command);
        var traces = new CaptureTraces();
        traces.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(traces.Separate) && r.GetValue(traces.Merge))
            {
                r.AddError("--separate and --merge cannot be used together.");
            }
        });

        command.SetAction((result, cancellation) => Task.FromResult(Run(result, shared, traces, files, cancellation)));
        return command;
    }

    private static int Run(
        ParseResult result, SharedOptions shared, CaptureTraces traces, Argument<string[]> filesArgument, CancellationToken cancellation)
    {
        string[] files = result.GetValue(filesArgument) ?? [];
        BpfPacketFilter? filter = null;
        if (result.GetValue(shared.Filter) is { } expression)
        {
            try
            {
                filter = BpfPacketFilter.Create(expression);
            }
            catch (BpfFilterException e)
            {
                Terminal.Error(e.Message);
                return ExitCodes.Usage;
            }
            catch (LibpcapMissingException e)
            {
                Terminal.Error($"-f needs libpcap to compile the filter. {e.Message}");
                return ExitCodes.Capture;
            }
        }

        using var filterScope = filter;
        // The report, CSV and JSON sinks keep copies, never the connection objects: those can be reused.
        var options = new AnalysisOptions
        {
            Outages = shared.OutageSettings(result), Filter = filter, RecycleConnections = true, MaxConnections = result.GetValue(shared.MaxConnections),
        };
        OutputSinks outputs;
        try
        {
            outputs = new OutputSinks(shared.Outputs(result));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Terminal.Error($"cannot write the output: {IoErrorText.Describe(e)}");
            return ExitCodes.Usage;
        }

        try
        {
            using (outputs)
            {
                int exitCode = ExitCodes.Success;
                foreach (var trace in traces.Group(result, files, cancellation))
                {
                    if (cancellation.IsCancellationRequested)
                    {
                        break;
                    }

                    exitCode = Math.Max(exitCode, trace.Count == 1
                        ? AnalyzeOne(trace[0].Path, options, outputs, cancellation)
                        : AnalyzeTrace(trace, options, outputs, cancellation));
                }

                outputs.Report?.WriteTotals();
                return cancellation.IsCancellationRequested ? ExitCodes.Interrupted : exitCode;
            }
        }
        catch (Exception e) when (StandardOutput.IsBrokenPipe(e))
        {
            return ExitCodes.BrokenPipe; // nobody reads stdout any more: stop quietly
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reading errors are reported as damage to the file, so this is the report, CSV, JSON or a picture: a
            // full disk, or a file that cannot be replaced.
            Terminal.Error($"cannot write the output: {IoErrorText.Describe(e)}{outputs.CutShort()}");
            return ExitCodes.Usage;
        }
    }

    private static int AnalyzeOne(string file, AnalysisOptions options, OutputSinks outputs, CancellationToken cancellation)
    {
        string name = CaptureInput.DisplayName(file); // in every message, and the file column of the CSV and JSON
        if (Directory.Exists(file))
        {
            Terminal.Error($"{name}: is a directory, not a capture file");
            return ExitCodes.Input;
        }

        CaptureReader reader;
        try
        {
            reader = CaptureReader.FromStream(CaptureInput.Open(file, cancellation), name);
        }
        catch (Exception e) when (cancellation.IsCancellationRequested && e is OperationCanceledException or CaptureFormatException)
        {
            return ExitCodes.Success; // stopped before the capture's header came: nothing to say about it
        }
        catch (CaptureFormatException e)
        {
            Terminal.Error($"{name}: at byte offset {e.Offset}: {e.Message}");
            return ExitCodes.Input;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Terminal.Error(IoErrorText.Describe(e, name));
            return ExitCodes.Input;
        }

        using (reader)
        {
            return AnalyzeReader(reader, name, file != "-", options, outputs, cancellation);
        }
    }

    /// <summary>Pieces of one capture as one trace; a damaged piece is named with its offset, and the others read on.</summary>
    private static int AnalyzeTrace(IReadOnlyList<CapturePiece> pieces, AnalysisOptions options, OutputSinks outputs, CancellationToken cancellation)
    {
        using var reader = CaptureTraces.OpenTrace(pieces, cancellation);
        int exitCode = AnalyzeReader(reader, reader.Name, showProgress: false, options, outputs, cancellation);
        foreach (var (piece, fault) in reader.PieceFaults)
        {
            if (!cancellation.IsCancellationRequested)
            {
                Terminal.Error($"{piece.Name}: damaged at byte offset {fault.Offset}: {fault.Message}");
                exitCode = Math.Max(exitCode, ExitCodes.Input);
            }
        }

        return exitCode;
    }

    private static int AnalyzeReader(
        CaptureReader reader, string name, bool showProgress, AnalysisOptions options, OutputSinks outputs, CancellationToken cancellation)
    {
        using var progress = Terminal.ShowProgress && showProgress ? new ProgressLine(name) : null;
        FileStatistics statistics;
        try
        {
            statistics = CaptureFileAnalysis.Run(reader, options, outputs.Sink, progress, cancellation);
        }
        catch (BpfFilterException e)
        {
            // The filter compiled for Ethernet but not for this file's link type.
            Terminal.Error($"{name}: {e.Message}");
            return ExitCodes.Usage;
        }

        // A stop ends the input wherever it was, perhaps inside a record: that is not damage to the file.
        if (statistics.Fault is { } fault && !cancellation.IsCancellationRequested)
        {
            string of = reader.IsCompressed ? " of the decompressed data" : "";
            Terminal.Error($"{name}: damaged at byte offset {fault.Offset}{of}: {fault.Message}");
            return ExitCodes.Input;
        }

        return ExitCodes.Success;
    }
}
