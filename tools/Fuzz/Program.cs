using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Reporting.Json;
using SharpFuzz;

namespace PcapSurvival.Fuzz;

/// <summary>
/// AFL++ feeds one input per run: it is read as a capture, decoded, analysed and written as JSON Lines (to nowhere).
/// The documented ways to refuse an input (a <see cref="CaptureFormatException"/> while opening, a fault while
/// reading) are success; any other exception is a finding, and so is a hang (AFL's -t).
/// `Fuzz FILE...` runs the same code once over each file, without AFL, to replay findings.
/// </summary>
internal static class Program
{
    private static readonly AnalysisOptions Options = new() { AnalyzingThreads = 1 };

    public static void Main(string[] args)
    {
        if (args.Length > 0)
        {
            foreach (var path in args)
            {
                Analyse(new MemoryStream(File.ReadAllBytes(path)));
                Console.WriteLine($"{path}: ok");
            }

            return;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            // AFL's stream is not seekable and is reused between runs: copy it so the reader owns its own.
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            Analyse(copy);
        });
    }

    private static void Analyse(Stream input)
    {
        CaptureReader reader;
        try
        {
            reader = CaptureReader.FromStream(input, "fuzz");
        }
        catch (CaptureFormatException)
        {
            return;
        }

        using (reader)
        using (var json = new JsonLinesWriter(Stream.Null))
        {
            CaptureFileAnalysis.Run(reader, Options, json);
        }
    }
}
