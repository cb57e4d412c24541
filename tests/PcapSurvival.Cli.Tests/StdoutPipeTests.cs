using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

/// <summary>
/// A stdout pipe whose reader is gone (<c>| head -1</c>): the CLI stops at once and quietly with 141, as a process
/// SIGPIPE kills does, instead of analysing the whole capture for nobody (.NET's console stream drops EPIPE).
/// </summary>
public class StdoutPipeTests
{
    /// <summary>One long connection, 200,000 data packets: seconds of work, so stopping early shows.</summary>
    private const int Packets = 200_000;

    [Theory]
    [InlineData("--json -")]
    [InlineData("")] // the text report
    public void Analyze_StdoutReaderGone_StopsEarlyQuietlyWith141(string stdoutOption)
    {
        using var dir = new TempDirectory();
        var scenario = Scenario.Start().Handshake();
        for (int i = 0; i < Packets; i++)
        {
            scenario.Client(20 + (i * 0.01), 1 + ((uint)i * 100), 1, len: 100, flags: "PA");
        }

        File.WriteAllBytes(dir.File("long.pcap"), scenario.ToPcap());

        // The reader closes its end at once, as head does after its first line; the exit code goes to a file
        // because the pipeline's is the reader's.
        var (_, _, stderr) = ShellRun.Run(
            $"{{ $PCAPSURVIVAL analyze {stdoutOption} --csv \"$1\" \"$2\"; echo $? > \"$3\"; }} | (exec 0<&-; sleep 1)",
            dir.File("out"), dir.File("long.pcap"), dir.File("exit"));

        Assert.Equal("141", File.ReadAllText(dir.File("exit")).Trim());
        Assert.Equal("", stderr);
        int rows = File.ReadAllLines(Path.Combine(dir.File("out"), "packets.csv")).Length - 1;
        Assert.True(rows < Packets, $"analysed all {rows} packets for a reader that had gone");
    }
}
