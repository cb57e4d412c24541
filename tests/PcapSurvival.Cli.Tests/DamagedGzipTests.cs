using System.IO.Compression;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

public class DamagedGzipTests
{
    [Fact]
    public void Analyze_GzipCutShort_ExitsTwoNamingTheDecompressedOffsetAndKeepsThePartialResults()
    {
        using var dir = new TempDirectory();
        byte[] plain = File.ReadAllBytes(CliRun.ShippedCapture("ssh-died-retries.pcap"));
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        File.WriteAllBytes(dir.File("cut.pcap.gz"), compressed.ToArray()[..^4]); // the trailer's ISIZE is missing

        var (exit, _, stderr) = CliRun.Run("analyze", "--csv", dir.File("out"), dir.File("cut.pcap.gz"));
        CliRun.Run("analyze", "--csv", dir.File("intact"), CliRun.ShippedCapture("ssh-died-retries.pcap"));

        Assert.Equal(2, exit);
        Assert.Matches(
            $@"^pcapsurvival: .*cut\.pcap\.gz: damaged at byte offset {plain.Length} of the decompressed data: the gzip data is cut short[^\n]*\n$",
            stderr);
        // Every packet was in the data before the cut: all of them are written, as from the intact file.
        Assert.Equal(File.ReadAllLines(dir.File("intact/packets.csv")).Length, File.ReadAllLines(dir.File("out/packets.csv")).Length);
    }
}
