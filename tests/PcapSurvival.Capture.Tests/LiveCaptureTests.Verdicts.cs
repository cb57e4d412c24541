using System.Globalization;
using System.Net.Sockets;
using PcapSurvival.Capture.Tests.Infrastructure;

namespace PcapSurvival.Capture.Tests;

/// <summary>Live verdicts: said when a connection ends, not after the linger time that guards against late packets.</summary>
public partial class LiveCaptureTests
{
    /// <summary>
    /// One echo connection closed by both sides: the verdict line must be printed within a second of the packet that
    /// completed the FIN exchange (its capture time is the <c>closed</c> line's), and not again when the capture ends.
    /// </summary>
    [Fact]
    public async Task FinClosedConnection_VerdictWithinASecondOfTheFinExchange()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Pair();
        using var server = new EchoServer(lab.Server, lab.ServerAddress, Port);
        using var temp = new TempDirectory();
        string plots = temp.File("plots");
        string json = temp.File("capture.jsonl");

        var capture = lab.StartCli(lab.Client, "capture", "-i", lab.ClientInterface, "--plot", plots, "--json", json);
        await capture.WaitForLineAsync("capturing on");
        await Task.Run(() => EchoOnceAndClose(lab), TestContext.Current.CancellationToken);
        await capture.WaitForLineAsync("  verdict ", onStdout: true, timeoutSeconds: HangGuardSeconds);
        await Task.Delay(500, TestContext.Current.CancellationToken); // a second verdict line would come now or at the end
        capture.Signal(Native.SIGTERM);
        Assert.Equal(143, await capture.WaitForExitAsync());

        TestContext.Current.TestOutputHelper?.WriteLine(capture.Stdout);
        var events = capture.StdoutLines.Where(l => l.Line.Contains("Z  stream ", StringComparison.Ordinal)).ToList(); // not the report
        var (_, closed) = Assert.Single(events, l => l.Line.Contains("  closed ", StringComparison.Ordinal));
        var (printedAt, verdict) = Assert.Single(events, l => l.Line.Contains("  verdict ", StringComparison.Ordinal));
        var latency = printedAt - PacketTime(closed);
        TestContext.Current.TestOutputHelper?.WriteLine($"verdict printed {latency.TotalMilliseconds:0.0} ms after the FIN exchange");
        Assert.True(latency < TimeSpan.FromSeconds(1), $"printed {latency.TotalMilliseconds:0} ms after the FIN exchange");
        Assert.True(latency > TimeSpan.FromMilliseconds(-50), $"printed before the packet? {latency.TotalMilliseconds:0} ms");
        Assert.Contains("unaffected", verdict, StringComparison.Ordinal);

        // capture --plot as analyze --plot; the JSON file record carries the capture's counters.
        Assert.True(File.Exists(Path.Combine(plots, "index.html")), "no index.html in the --plot directory");
        using var file = System.Text.Json.JsonDocument.Parse(File.ReadLines(json).Last());
        var record = file.RootElement;
        Assert.Equal(CapturedCount(capture.Stdout), record.GetProperty("captured").GetInt64());
        Assert.Equal(0, record.GetProperty("dropped").GetProperty("analysis_queue").GetInt64());
        Assert.True(record.GetProperty("dropped").TryGetProperty("kernel", out _));
    }

    private static void EchoOnceAndClose(NetworkLab lab)
    {
        using var client = Traffic.Connect(lab.Client, lab.ServerAddress, Port);
        client.Send("hello\n"u8.ToArray());
        var reply = new byte[6];
        int got = 0;
        while (got < reply.Length)
        {
            got += client.Receive(reply, got, reply.Length - got, SocketFlags.None);
        }

        client.Shutdown(SocketShutdown.Send); // the echo server answers with its own FIN
        var sink = new byte[64];
        while (client.Receive(sink) > 0)
        {
        }
    }

    /// <summary>The capture time a live line starts with.</summary>
    private static DateTime PacketTime(string line) =>
        DateTime.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
