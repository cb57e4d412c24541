using System.Globalization;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// What reaches files and the terminal when names, clocks, disks or standard streams are hostile: numbers stay
/// numbers, names cannot drive the terminal, any byte string names a file, a full disk leaves whole rows, and a
/// closed stdin or stdout is said in our words.
/// </summary>
public class OutputHygieneTests
{
    private static readonly string Idle = CliRun.ShippedCapture("ssh-idle.pcap");

    [Fact]
    public void Csv_NegativeDuration_IsWrittenAsANumberNotEscapedText()
    {
        using var dir = new TempDirectory();
        // A data packet time-stamped 650 s before the handshake, as a clock step or a merged capture gives.
        var scenario = Scenario.Start().Handshake().Client(-650_000, 1, 1, len: 10, flags: "PA");
        File.WriteAllBytes(dir.File("back.pcap"), scenario.ToPcap());

        var (exit, _, _) = CliRun.Run("analyze", "--csv", dir.File("out"), dir.File("back.pcap"));

        Assert.Equal(0, exit);
        var lines = File.ReadAllLines(Path.Combine(dir.File("out"), "connections.csv"));
        int column = Array.IndexOf(lines[0].Split(','), "duration_s");
        string duration = lines[1].Split(',')[column];
        Assert.True(double.TryParse(duration, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds), $"duration_s is '{duration}'");
        Assert.True(seconds < 0, $"duration_s is {seconds}");
    }

    [Fact]
    public void Analyze_FileNameWithEscapeSequencesAndNewlines_IsEscapedEverywhereItIsShown()
    {
        using var dir = new TempDirectory();
        string evil = dir.File("red\u001b[31m\nfake line.pcap");
        File.Copy(Idle, evil);
        string missing = dir.File("gone\u001b]0;title\u0007.pcap");

        var (exit, stdout, stderr) = CliRun.Run("analyze", evil, missing);

        Assert.Equal(2, exit); // the missing one
        foreach (string output in new[] { stdout, stderr })
        {
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\u0007', output);
        }

        Assert.Contains("red\\x1b[31m\\x0afake line.pcap: ", stdout, StringComparison.Ordinal);
        Assert.Contains("gone\\x1b]0;title\\x07.pcap", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Analyze_FileNameThatIsNotUtf8_IsOpenedAndShownWithTheByteEscaped()
    {
        using var dir = new TempDirectory();

        // .NET cannot make such a name: the shell does, from its bytes (\377 is 0xFF, never valid in UTF-8).
        var (exit, stdout, stderr) = ShellRun.Run(
            "name=\"$2/latin1-$(printf '\\377').pcap\"; cp \"$1\" \"$name\" || exit 99; $PCAPSURVIVAL analyze \"$name\"; code=$?; rm \"$name\"; exit $code",
            Idle, dir.Path);

        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Contains("latin1-\\xff.pcap: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_StdoutClosed_SaysSoInItsOwnWords()
    {
        var (exit, _, stderr) = ShellRun.Run("exec $PCAPSURVIVAL analyze \"$1\" >&-", Idle);

        Assert.Equal(1, exit);
        Assert.Equal("pcapsurvival: cannot write the output: standard output is closed (send it to /dev/null to keep only the files)\n", stderr);
    }

    [Fact]
    public void Analyze_StdinClosed_SaysSoAndStillReadsTheFilesNamed()
    {
        // With fd 0 closed, the runtime's own pipe (or the next file opened) takes descriptor 0.
        var (exit, stdout, stderr) = ShellRun.Run("exec $PCAPSURVIVAL analyze \"$1\" - <&-", Idle);

        Assert.Equal(2, exit);
        Assert.Equal("pcapsurvival: -: standard input is closed\n", stderr);
        Assert.Contains($"{Idle}: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_DiskFillsUp_EveryFileHasItsHeaderAndEndsWithAWholeRow()
    {
        Assert.SkipUnless(Posix.IsRoot, "needs root to mount a small tmpfs");
        using var dir = new TempDirectory();
        string disk = dir.File("disk");
        Directory.CreateDirectory(disk);
        // 64 KiB: the headers fit, packets.csv of the lossy transfer (hundreds of kB) does not.
        var (mounted, _, mountError) = ShellRun.Run("mount -t tmpfs -o size=64k tmpfs \"$1\"", disk);
        Assert.SkipUnless(mounted == 0, $"cannot mount a tmpfs here: {mountError.Trim()}");
        try
        {
            var (exit, _, stderr) = CliRun.Run("analyze", "--csv", Path.Combine(disk, "out"), CliRun.ShippedCapture("lossy-transfer.pcap"));

            Assert.Equal(1, exit);
            Assert.Single(stderr.TrimEnd('\n').Split('\n'));
            Assert.Contains("No space left on device", stderr, StringComparison.Ordinal);
            Assert.Contains("incomplete", stderr, StringComparison.Ordinal);
            foreach (string file in new[] { "connections.csv", "packets.csv", "events.csv", "outages.csv" })
            {
                string text = File.ReadAllText(Path.Combine(disk, "out", file));
                Assert.Contains(file, stderr, StringComparison.Ordinal);
                Assert.EndsWith("\n", text, StringComparison.Ordinal);
                var lines = text.TrimEnd('\n').Split('\n');
                Assert.StartsWith("file,", lines[0], StringComparison.Ordinal);
                int columns = Fields(lines[0]);
                Assert.All(lines, line => Assert.Equal(columns, Fields(line)));
            }
        }
        finally
        {
            ShellRun.Run("umount \"$1\"", disk);
        }
    }

    /// <summary>The fields of a CSV row without newlines in it: commas outside double quotes, plus one.</summary>
    private static int Fields(string row)
    {
        int fields = 1;
        bool quoted = false;
        foreach (char c in row)
        {
            quoted ^= c == '"';
            fields += !quoted && c == ',' ? 1 : 0;
        }

        return fields;
    }
}
