using System.CommandLine;
using System.Globalization;
using PcapSurvival.Cli.Input;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Pairing;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Reporting.Pairing;

namespace PcapSurvival.Cli.Commands;

/// <summary><c>pcapsurvival compare A B</c>: two captures of the same traffic at two points (issue 18).</summary>
internal static class CompareCommand
{
    private const string Description = """
        Compare two captures of the same traffic taken at two points (client side and server side, or either side of
        a firewall or NAT): which connections both saw, the clock offset between the captures, which segments were
        lost between the points (or missed by a capture), and each outage as both points saw it.

        Examples:
          pcapsurvival compare client.pcap server.pcap
          pcapsurvival compare --csv out/ client.pcap server.pcap
          pcapsurvival compare --offset 3.2 --window 2 a.pcapng b.pcapng
        """;

    public static Command Create()
    {
        var first = new Argument<string>("a") { Description = "The capture at point A (a file: it is read twice)" };
        var second = new Argument<string>("b") { Description = "The capture at point B" };
        var csv = new Option<DirectoryInfo?>("--csv")
        {
            Description = "Write matched_connections.csv, unmatched_connections.csv, path_losses.csv, path_outages.csv and clock_offset.csv into this directory",
            HelpName = "dir",
        };
        var window = new Option<TimeSpan?>("--window")
        {
            Description = "How long a segment seen at one point waits for its copy at the other (seconds, or 500ms) [default: 1s]",
            CustomParser = r => OptionValues.Duration(r, "--window", 1, allowZero: false, "must be at least 1 ms: seconds, or a duration such as 500ms"),
            HelpName = "s",
        };
        var offset = new Option<TimeSpan?>("--offset")
        {
            Description = "B's clock minus A's in seconds (may be negative), roughly; skips the first estimate from the files' starts",
            CustomParser = r =>
            {
                string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && Math.Abs(seconds) < 1e6)
                {
                    return TimeSpan.FromSeconds(seconds);
                }

                r.AddError($"--offset must be a number of seconds, such as -2.5 (got '{text}').");
                return null;
            },
            HelpName = "s",
        };
        var minOutage = new Option<TimeSpan?>("--min-outage")
        {
            Description = "Runs of lost segments shorter than this are loss, not outages of the path (seconds, or 500ms) [default: 1s]",
            CustomParser = r => OptionValues.Duration(r, "--min-outage", 1, allowZero: true, "must be zero or more seconds, or a duration such as 500ms"),
            HelpName = "s",
        };
        var json = new Option<string?>("--json")
        {
            Description = "Write the same tables as JSON Lines (a \"type\" per line) to this file, or - for stdout instead of the report",
            HelpName = "file|-",
        };
        OptionValues.RefuseStandardOutput(csv);
        var command = new Command("compare", Description) { first, second, csv, json, window, offset, minOutage };
        command.SetAction((result, cancellation) =>
        {
            var settings = new PairingOptions
            {
                Analysis = new AnalysisOptions
                {
                    Outages = new OutageSettings { MinOutageSeconds = (result.GetValue(minOutage) ?? TimeSpan.FromSeconds(1)).TotalSeconds },
                },
                Window = result.GetValue(window) ?? TimeSpan.FromSeconds(1),
                CoarseOffset = result.GetValue(offset),
                MinOutage = result.GetValue(minOutage) ?? TimeSpan.FromSeconds(1),
            };
            return Task.FromResult(Run(result.GetValue(first)!, result.GetValue(second)!, result.GetValue(csv), result.GetValue(json), settings, cancellation));
        });
        return command;
    }

    private static int Run(string a, string b, DirectoryInfo? csvDirectory, string? jsonFile, PairingOptions settings, CancellationToken cancellation)
    {
        foreach (string file in new[] { a, b })
        {
            if (file == "-")
            {
                Terminal.Error("compare reads each file twice: give files, not standard input");
                return ExitCodes.Usage;
            }
        }

        PairCsvWriter? csv = null;
        PairJsonWriter? json = null;
        try
        {
            if (csvDirectory is not null)
            {
                csv = new PairCsvWriter(csvDirectory.FullName);
            }

            if (jsonFile is not null)
            {
                json = new PairJsonWriter(jsonFile == "-" ? Console.OpenStandardOutput() : File.Create(jsonFile));
            }

            using (csv)
            using (json)
            {
                // JSON on stdout replaces the report, as with analyze --json -.
                var sinks = new List<IPairSink>();
                if (jsonFile != "-")
                {
                    sinks.Add(new PairReport(Console.Out));
                }

                sinks.AddRange(new IPairSink?[] { csv, json }.OfType<IPairSink>());
                IPairSink sink = new PairSinks([.. sinks]);
                var result = PairedCaptureAnalysis.Run(() => Open(a, cancellation), () => Open(b, cancellation), settings, sink, cancellation);
                int exitCode = ExitCodes.Success;
                foreach (var (name, statistics) in new[] { (result.NameA, result.StatisticsA), (result.NameB, result.StatisticsB) })
                {
                    if (statistics.Fault is { } fault && !cancellation.IsCancellationRequested)
                    {
                        Terminal.Error($"{name}: damaged at byte offset {fault.Offset}: {fault.Message}");
                        exitCode = ExitCodes.Input;
                    }
                }

                return cancellation.IsCancellationRequested ? ExitCodes.Interrupted : exitCode;
            }
        }
        catch (InputException e)
        {
            Terminal.Error(e.Message);
            return ExitCodes.Input;
        }
        catch (PairingException e)
        {
            Terminal.Error(e.Message);
            return ExitCodes.Input;
        }
        catch (Exception e) when (StandardOutput.IsBrokenPipe(e))
        {
            return ExitCodes.BrokenPipe;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Terminal.Error($"cannot write the output: {IoErrorText.Describe(e)}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>Opens one of the two files; a file that cannot be read is one line naming it and the offset.</summary>
    private static CaptureReader Open(string file, CancellationToken cancellation)
    {
        string name = CaptureInput.DisplayName(file);
        try
        {
            return CaptureReader.FromStream(CaptureInput.Open(file, cancellation), name);
        }
        catch (CaptureFormatException e)
        {
            throw new InputException($"{name}: at byte offset {e.Offset}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(IoErrorText.Describe(e, name));
        }
    }

    private sealed class InputException(string message) : Exception(message);

    /// <summary>The report and the CSV files, both fed by one run.</summary>
    private sealed class PairSinks(params IPairSink[] sinks) : IPairSink
    {
        public void Started(string nameA, int digitsA, string nameB, int digitsB)
        {
            foreach (var sink in sinks)
            {
                sink.Started(nameA, digitsA, nameB, digitsB);
            }
        }

        public void PathLoss(in PathLossRecord loss)
        {
            foreach (var sink in sinks)
            {
                sink.PathLoss(loss);
            }
        }

        public void Completed(PairResult result)
        {
            foreach (var sink in sinks)
            {
                sink.Completed(result);
            }
        }
    }
}
