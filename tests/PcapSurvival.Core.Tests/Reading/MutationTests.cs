using System.Diagnostics;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Reading;

/// <summary>
/// Tens of thousands of damaged copies of the shipped captures (cut short, bits flipped, bytes overwritten, bytes
/// repeated), seeded so that a failure can be replayed, through reading, decoding and analysis. Each must end the
/// documented way: a header refused with <see cref="CaptureFormatException"/>, or packets until
/// <see cref="ReadStatus.Damaged"/> with a fault, or the end of the file; never another exception, and never a hang.
/// </summary>
public class MutationTests
{
    private const int MutantsPerCapture = 1_000;

    public static TheoryData<string> Captures =>
        [.. Directory.GetFiles(Path.Combine(CliRun.RepositoryRoot, "captures"), "*.pcap*").Select(f => Path.GetFileName(f)!).Order()];

    [Theory]
    [MemberData(nameof(Captures))]
    public void DamagedCopies_EndInAFaultOrTheEnd_NeverAnotherException(string capture)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(CliRun.RepositoryRoot, "captures", capture));
        int seed = capture.Aggregate(17, (hash, c) => (hash * 31) + c);
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        for (int i = 0; i < MutantsPerCapture; i++)
        {
            byte[] mutant = Mutate(original, random, out string how);
            string outcome;
            try
            {
                outcome = Analyze(mutant);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"mutant {i} of {capture} (seed {seed}, {how}) threw {e.GetType().Name}: {e.Message}", e);
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // The mutations reach past the header: most copies of a capture of some size still give packets before their
        // damage (a piece of a rotated capture can be a bare header, which most mutations break).
        Assert.True(original.Length < 1024 ||
            outcomes.GetValueOrDefault("damaged") + outcomes.GetValueOrDefault("end") > MutantsPerCapture / 2,
            string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
    }

    private static string Analyze(byte[] capture)
    {
        CaptureReader reader;
        try
        {
            reader = CaptureReader.FromStream(new MemoryStream(capture), "mutant.pcap");
        }
        catch (CaptureFormatException)
        {
            return "refused";
        }

        using (reader)
        {
            var analyzer = new TrafficAnalyzer(new CaptureInfo("mutant.pcap", reader.TimestampDigits), new AnalysisOptions(), new NullSink());
            var clock = Stopwatch.StartNew();
            ReadStatus status;
            while ((status = reader.Read(out var packet)) == ReadStatus.Packet)
            {
                analyzer.Process(packet);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "a mutant of a small capture took more than 30 s: a hang");
            }

            var statistics = analyzer.Complete(status == ReadStatus.Damaged ? reader.Fault : null);
            if (status == ReadStatus.Damaged)
            {
                Assert.NotNull(statistics.Fault);
                return "damaged";
            }

            return "end";
        }
    }

    private static byte[] Mutate(byte[] original, Random random, out string how)
    {
        switch (random.Next(4))
        {
            case 0:
            {
                int length = random.Next(original.Length);
                how = $"cut at {length}";
                return original[..length];
            }

            case 1:
            {
                byte[] copy = [.. original];
                int flips = 1 + random.Next(8);
                for (int i = 0; i < flips; i++)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                how = $"{flips} bits flipped";
                return copy;
            }

            case 2:
            {
                byte[] copy = [.. original];
                int at = random.Next(copy.Length);
                int count = Math.Min(copy.Length - at, 1 + random.Next(16));
                random.NextBytes(copy.AsSpan(at, count));
                how = $"{count} bytes at {at} overwritten";
                return copy;
            }

            default:
            {
                int at = random.Next(original.Length);
                int count = Math.Min(original.Length - at, 1 + random.Next(64));
                how = $"{count} bytes at {at} repeated";
                return [.. original[..(at + count)], .. original[at..]];
            }
        }
    }

    private sealed class NullSink : IAnalysisSink
    {
        public void FileStarted(CaptureInfo capture)
        {
        }

        public void Packet(in PacketRecord packet)
        {
        }

        public void Event(in EventRecord record)
        {
        }

        public void ConnectionFinished(Connection connection)
        {
        }

        public void FileCompleted(FileStatistics statistics)
        {
        }
    }
}
