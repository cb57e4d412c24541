using System.Text.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// Issue 16's rotated capture (tcpdump -G 2 across a 5 s link-down, captures/ssh-rotated-*.pcap): the pieces are
/// one trace, so the outage that spans the file boundaries is found, and each record keeps its own file and frame.
/// </summary>
public class RotatedCaptureTests
{
    private static readonly JsonElement Truth =
        JsonDocument.Parse(File.ReadAllText(CliRun.ShippedCapture("ssh-rotated.json"))).RootElement;

    /// <summary>The pieces, given in reverse name order: the trace orders them by their first packet's time.</summary>
    private static string[] Pieces { get; } =
        Truth.GetProperty("capture_files").EnumerateArray().Select(f => "captures/" + f.GetString()).Reverse().ToArray();

    [Fact]
    public void ThePieces_AreOneTrace_WithTheOutageAcrossTheirBoundaries()
    {
        var (exit, stdout, stderr) = CliRun.Run(["analyze", "--json", "-", .. Pieces]);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        var records = Records(stdout);
        var connection = Assert.Single(records, r => Type(r) == "connection");
        Assert.Equal("survived", connection.GetProperty("verdict").GetString());
        Assert.Equal(Truth.GetProperty("client_addr").GetString(), connection.GetProperty("client").GetString());
        IncidentCaptureTests.AssertOutageAgrees(records, Truth);

        // The outage spans pieces: its evidence comes from more than one file.
        var retransmissionFiles = records.Where(r => Type(r) == "event" && r.GetProperty("event").GetString() == "retransmission")
            .Select(r => r.GetProperty("file").GetString()).Distinct().Count();
        Assert.True(retransmissionFiles > 1, $"retransmissions in {retransmissionFiles} file(s)");
        var file = Assert.Single(records, r => Type(r) == "file");
        Assert.Equal(Pieces.Length, file.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public void EachPacket_KeepsItsOwnFileAndFrame()
    {
        var merged = CliRun.Run(["analyze", "--json", "-", .. Pieces]);
        var separate = CliRun.Run(["analyze", "--separate", "--json", "-", .. Pieces]);

        Assert.Equal(0, merged.ExitCode);
        Assert.Equal(0, separate.ExitCode);
        var fromTrace = PacketPlaces(merged.Stdout);
        var fromFiles = PacketPlaces(separate.Stdout);
        Assert.NotEmpty(fromTrace);
        Assert.Equal(fromFiles.Order(), fromTrace.Order());

        // In time order, as mergecap would put them.
        var times = Records(merged.Stdout).Where(r => Type(r) == "packet").Select(r => r.GetProperty("time").GetString()!).ToList();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
    }

    [Fact]
    public void Separate_KeepsThePiecesApart_AndMissesTheOutage()
    {
        var (exit, stdout, _) = CliRun.Run(["analyze", "--separate", "--json", "-", .. Pieces]);

        Assert.Equal(0, exit);
        var records = Records(stdout);
        Assert.Equal(Pieces.Length, records.Count(r => Type(r) == "file"));
        Assert.DoesNotContain(records, r => Type(r) == "connection" && r.GetProperty("verdict").GetString() == "survived");
    }

    [Fact]
    public void UnrelatedFiles_StayApart()
    {
        var (exit, stdout, _) = CliRun.Run("analyze", "--json", "-", "captures/ssh-died-retries.pcap", "captures/ssh-survived-link.pcap");

        Assert.Equal(0, exit);
        Assert.Equal(2, Records(stdout).Count(r => Type(r) == "file"));
    }

    [Fact]
    public void ADamagedPiece_IsNamedWithItsOffset_AndTheOtherPiecesAreStillRead()
    {
        string directory = Directory.CreateTempSubdirectory("rotated-").FullName;
        try
        {
            var copies = Pieces.Select(p => Path.Combine(directory, Path.GetFileName(p))).ToArray();
            for (int i = 0; i < copies.Length; i++)
            {
                File.Copy(Path.Combine(CliRun.RepositoryRoot, Pieces[i]), copies[i]);
            }

            // Cut the largest piece inside a record: it ends at the damage, and the trace goes on past it.
            string damaged = copies.OrderByDescending(c => new FileInfo(c).Length).First();
            long length = new FileInfo(damaged).Length;
            using (var stream = File.OpenWrite(damaged))
            {
                stream.SetLength(length - 7);
            }

            var (exit, stdout, stderr) = CliRun.Run(["analyze", "--json", "-", .. copies]);

            Assert.Equal(2, exit);
            string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Matches($@"^pcapsurvival: {System.Text.RegularExpressions.Regex.Escape(damaged)}: damaged at byte offset \d+: ", line);
            var records = Records(stdout);
            Assert.Single(records, r => Type(r) == "connection");
            var last = records.Where(r => Type(r) == "packet").Last();
            Assert.NotEqual(damaged, last.GetProperty("file").GetString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static List<JsonElement> Records(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();

    private static string? Type(JsonElement record) => record.GetProperty("type").GetString();

    private static List<string> PacketPlaces(string stdout) =>
        Records(stdout).Where(r => Type(r) == "packet")
            .Select(r => $"{r.GetProperty("file").GetString()}#{r.GetProperty("frame").GetInt64()}@{r.GetProperty("time").GetString()}")
            .ToList();
}
