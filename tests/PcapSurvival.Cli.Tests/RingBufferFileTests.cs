using System.Text.Json;
using PcapSurvival.Capture;
using PcapSurvival.Core.Reading;
using PcapSurvival.Testing;
using SharpPcap;
using SharpPcap.LibPcap;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// capture's -w with -C/-G/-W (<see cref="RotatingCaptureFileWriter"/>), fed a recorded session packet by packet as
/// the live capture feeds it: tcpdump's names, every file readable after every packet, and analyze over the files
/// finds the same connections as over the session in one file.
/// </summary>
public class RingBufferFileTests
{
    [Fact]
    public void SizeRotation_NamesTheFilesAsTcpdump_EachReadableAtEveryMoment_AndTheSetAnalyzesAsTheWhole()
    {
        string directory = Directory.CreateTempSubdirectory("ring-").FullName;
        try
        {
            var packets = Read(CliRun.ShippedCapture("ssh-survived-link.pcap"));
            string pattern = Path.Combine(directory, "restart.pcap");
            const long size = 8_000;
            using (var writer = new RotatingCaptureFileWriter(pattern, new CaptureRotation(size, null, null), 1, 262144, nanoseconds: false, packets[0].TimestampNs))
            {
                foreach (var packet in packets)
                {
                    Write(writer, packet);
                    AssertWhole(writer.Name); // not flushed: what reached the disk is whole records
                    if (packet.TimestampNs % 3 == 0)
                    {
                        writer.Flush();
                        AssertWhole(writer.Name);
                    }
                }
            }

            var files = Directory.GetFiles(directory).Order(StringComparer.Ordinal).ToArray();
            Assert.True(files.Length >= 3, $"{files.Length} files");
            Assert.Equal(pattern, files[0]);
            Assert.Equal(Enumerable.Range(1, files.Length - 1).Select(i => pattern + i).Order(StringComparer.Ordinal), files[1..]);
            var biggest = packets.Max(p => p.Data.Length) + 16;
            Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 24, size + biggest));
            Assert.Equal(packets.Count, files.Sum(f => Read(f).Count));

            var whole = Connections(CliRun.Run("analyze", "--json", "-", CliRun.ShippedCapture("ssh-survived-link.pcap")).Stdout);
            var (exit, stdout, stderr) = CliRun.Run(["analyze", "--json", "-", .. files.Reverse()]);
            Assert.Equal(0, exit);
            Assert.Equal("", stderr);
            Assert.Equal(whole, Connections(stdout));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ARing_OfThreeFiles_OverwritesTheOldest_WithTcpdumpsPaddedNumbers()
    {
        string directory = Directory.CreateTempSubdirectory("ring-").FullName;
        try
        {
            var packets = Read(CliRun.ShippedCapture("ssh-survived-link.pcap"));
            string pattern = Path.Combine(directory, "ring.pcap");
            using (var writer = new RotatingCaptureFileWriter(pattern, new CaptureRotation(4_000, null, 3), 1, 262144, nanoseconds: false, packets[0].TimestampNs))
            {
                foreach (var packet in packets)
                {
                    Write(writer, packet);
                }
            }

            Assert.Equal(["ring.pcap0", "ring.pcap1", "ring.pcap2"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));

            // The ring holds the end of the session: its last packet, and fewer packets than the whole.
            var kept = Directory.GetFiles(directory).SelectMany(Read).ToList();
            Assert.InRange(kept.Count, 1, packets.Count - 1);
            Assert.Contains(kept, p => p.TimestampNs == packets[^1].TimestampNs);
            Assert.Equal("ring.pcap" + "1", Path.GetFileName(RotatingCaptureFileWriter.FileName("ring.pcap", new CaptureRotation(1, null, 3), 1, 1, 0)));
            Assert.Equal("ring.pcap07", RotatingCaptureFileWriter.FileName("ring.pcap", new CaptureRotation(1, null, 11), 7, 2, 0));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void TimeRotation_StartsAFileEveryNSeconds_NamedThroughStrftime()
    {
        string directory = Directory.CreateTempSubdirectory("ring-").FullName;
        try
        {
            var packets = Read(CliRun.ShippedCapture("ssh-survived-link.pcap"));
            string pattern = Path.Combine(directory, "cut-%Y%m%d-%H%M%S.pcap");
            using (var writer = new RotatingCaptureFileWriter(pattern, new CaptureRotation(null, 2, null), 1, 262144, nanoseconds: false, packets[0].TimestampNs))
            {
                foreach (var packet in packets)
                {
                    Write(writer, packet);
                }
            }

            var files = Directory.GetFiles(directory);
            Assert.All(files, f => Assert.Matches(@"cut-\d{8}-\d{6}\.pcap$", f));
            foreach (string file in files)
            {
                var held = Read(file);
                if (held.Count > 0)
                {
                    Assert.InRange(held[^1].TimestampNs - held[0].TimestampNs, 0, 2_000_000_000);
                }
            }

            var span = packets[^1].TimestampNs - packets[0].TimestampNs;
            Assert.True(files.Length >= span / 2_000_000_000 / 2, $"{files.Length} files over {span / 1e9:0.0} s");
            Assert.Equal(packets.Count, files.Sum(f => Read(f).Count));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Write(RotatingCaptureFileWriter writer, TestPacket packet)
    {
        var header = new PcapHeader(
            (uint)(packet.TimestampNs / 1_000_000_000), (uint)(packet.TimestampNs % 1_000_000_000 / 1000), (uint)packet.WireLength, (uint)packet.Data.Length);
        writer.Write(packet.Data, ref header);
    }

    private static void AssertWhole(string file)
    {
        using var reader = CaptureReader.Open(file);
        ReadStatus status;
        while ((status = reader.Read(out _)) == ReadStatus.Packet)
        {
        }

        Assert.Equal(ReadStatus.EndOfFile, status);
    }

    private static List<TestPacket> Read(string file)
    {
        using var reader = CaptureReader.Open(file);
        var packets = new List<TestPacket>();
        while (reader.Read(out var packet) == ReadStatus.Packet)
        {
            packets.Add(new TestPacket(packet.TimestampNs, packet.Data.ToArray(), packet.OriginalLength));
        }

        return packets;
    }

    private static List<string> Connections(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => JsonDocument.Parse(line).RootElement.GetProperty("type").GetString() == "connection")
            .Select(line => System.Text.RegularExpressions.Regex.Replace(line, "\"file\":\"[^\"]*\",", ""))
            .ToList();
}
