using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PcapSurvival.Capture.Tests.Infrastructure;

namespace PcapSurvival.Capture.Tests;

/// <summary>pcapsurvival capture as a real process, on veth pairs between network namespaces the test makes.</summary>
public partial class LiveCaptureTests
{
    private const int Port = 7000;

    /// <summary>How far apart the same packet may sit in two captures of one interface (see the test below).</summary>
    private const int ReorderWindow = 4;

    /// <summary>Lines the steady sender has written when the SIGTERM test signals the capture.</summary>
    private const int LinesBeforeSigterm = 300;

    /// <summary>The largest TCP payload on the lab's veth (MTU 1500, IPv4, timestamps).</summary>
    private const int Mss = 1448;

    [Fact]
    public async Task WrittenFile_HoldsExactlyThePacketsTcpdumpSees()
    {
        Requirements.NetworkLab();
        Requirements.Tool("tcpdump", "tcpdump");
        using var lab = NetworkLab.Pair();
        using var temp = new TempDirectory();
        using var server = new EchoServer(lab.Server, lab.ServerAddress, Port);
        string reference = temp.File("tcpdump.pcap");
        string written = temp.File("capture.pcap");

        // Immediate mode for tcpdump too: otherwise its packets wait in a TPACKET_V3 block until the block is full or
        // a second old, and tcpdump, stopped by a signal, never reads a block that was still filling.
        var tcpdump = lab.Start(lab.Client, "tcpdump", "-i", lab.ClientInterface, "-n", "-s", "262144", "-B", "32768",
            "--immediate-mode", "--time-stamp-precision=nano", "-w", reference);
        var capture = lab.StartCli(lab.Client, "capture", "-i", lab.ClientInterface, "-w", written);
        await tcpdump.WaitForLineAsync("listening on");
        await capture.WaitForLineAsync("capturing on");

        await Task.Run(() => Traffic.Exchange(lab, Port), TestContext.Current.CancellationToken);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        capture.Signal(Native.SIGTERM);
        tcpdump.Signal(Native.SIGTERM);

        Assert.Equal(143, await capture.WaitForExitAsync());
        Assert.Equal(0, await tcpdump.WaitForExitAsync());
        var (mine, digits, clean) = PcapRecords.Read(written);
        var (theirs, _, _) = PcapRecords.Read(reference);
        Assert.True(clean, "the written file ends with a complete record");
        Assert.Equal(9, digits);
        Assert.True(theirs.Count > 100, $"tcpdump saw only {theirs.Count} packets");
        Assert.Equal(theirs.Count, mine.Count);
        long worst = 0;
        var unmatched = new List<PcapRecords.Record>(mine);
        for (int i = 0; i < theirs.Count; i++)
        {
            // The kernel hands a packet to the two capture sockets from whichever CPU handles it, so two packets
            // stamped microseconds apart on two CPUs can reach them in opposite orders (seen once in a test run:
            // an outgoing segment and an incoming ACK 2 µs apart). Each of tcpdump's packets must be one of our next few.
            var t = theirs[i];
            int found = unmatched.FindIndex(0, Math.Min(ReorderWindow, unmatched.Count), r =>
                t.CapturedLength == r.CapturedLength && t.OriginalLength == r.OriginalLength && t.DataHash == r.DataHash);
            string where = $"frame {i + 1}: tcpdump {t}, pcapsurvival {unmatched[0]} (and the {ReorderWindow - 1} after it)";
            Assert.True(found >= 0, where);
            var m = unmatched[found];
            unmatched.RemoveAt(found);
            where = $"frame {i + 1}: tcpdump {t}, pcapsurvival {m}";

            // The kernel stamps an outgoing packet once for every tap, but an incoming one per socket as it reaches
            // it (veth leaves skb->tstamp unset), so two captures agree exactly on what the client sent and to
            // within microseconds on what it received.
            if (t.SentByClient)
            {
                Assert.True(t.TimestampNs == m.TimestampNs, where);
            }
            else
            {
                worst = Math.Max(worst, Math.Abs(t.TimestampNs - m.TimestampNs));
                Assert.True(Math.Abs(t.TimestampNs - m.TimestampNs) < 1_000_000, where);
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{mine.Count} packets; received ones stamped at most {worst} ns apart");
    }

    [Fact]
    public async Task LiveAnalysis_EqualsAnalyzeOfTheWrittenFile()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Pair();
        using var temp = new TempDirectory();
        using var server = new EchoServer(lab.Server, lab.ServerAddress, Port);
        string written = temp.File("capture.pcap");
        string live = temp.File("live");
        string offline = temp.File("offline");

        var capture = lab.StartCli(lab.Client, "capture", "-i", lab.ClientInterface, "-w", written, "--csv", live);
        await capture.WaitForLineAsync("capturing on");
        await Task.Run(() => Traffic.Exchange(lab, Port), TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        capture.Signal(Native.SIGTERM);
        Assert.Equal(143, await capture.WaitForExitAsync());

        using var analyze = ChildProcess.Start(Requirements.Dotnet, [Requirements.CliDll, "analyze", written, "--csv", offline]);
        Assert.Equal(0, await analyze.WaitForExitAsync());

        foreach (string name in CsvFiles.Names)
        {
            var liveRows = CsvFiles.WithoutFileColumn(Path.Combine(live, name));
            var offlineRows = CsvFiles.WithoutFileColumn(Path.Combine(offline, name));
            Assert.Equal(offlineRows, liveRows);
        }

        Assert.True(File.ReadAllLines(Path.Combine(live, "packets.csv")).Length > 100);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(live, "connections.csv")).Length); // header, echo, refused, brief
        Assert.Contains(",rst,", File.ReadAllText(Path.Combine(live, "events.csv")), StringComparison.Ordinal);
        Assert.Contains("refused", capture.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_MidCapture_LeavesACompleteFileAndExits143()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Pair();
        using var temp = new TempDirectory();
        using var server = new EchoServer(lab.Server, lab.ServerAddress, Port, echo: false);
        string written = temp.File("capture.pcap");

        var capture = lab.StartCli(lab.Client, "capture", "-i", lab.ClientInterface, "-w", written);
        await capture.WaitForLineAsync("capturing on");
        using (var sender = new SteadySender(lab, Port, TimeSpan.FromMilliseconds(1)))
        {
            // Counted, not timed: on a busy machine the sender may write far fewer lines in a given time.
            await sender.WaitForLinesAsync(LinesBeforeSigterm);
            capture.Signal(Native.SIGTERM); // while the traffic still flows
            Assert.Equal(143, await capture.WaitForExitAsync());
        }

        var (records, _, clean) = PcapRecords.Read(written);
        Assert.True(clean, "the file ends with a complete record");
        long reported = CapturedCount(capture.Stdout);
        Assert.Equal(reported, records.Count);
        // However TCP coalesces the lines, they take at least this many full-size segments.
        int fewestSegments = (LinesBeforeSigterm * SteadySender.LineLength + Mss - 1) / Mss;
        Assert.True(records.Count >= fewestSegments, $"only {records.Count} packets for {LinesBeforeSigterm} lines");
        Assert.Contains("All TCP connections:", capture.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigint_Exits130AfterTheReport()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Pair();

        var capture = lab.StartCli(lab.Client, "capture", "-i", lab.ClientInterface);
        await capture.WaitForLineAsync("capturing on");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        capture.Signal(Native.SIGINT);

        Assert.Equal(130, await capture.WaitForExitAsync());
        Assert.Contains($"Capture on {lab.ClientInterface}:", capture.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_ByInterfaceNumber_StopsAfterExactlyThatManyPackets()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Pair();
        using var temp = new TempDirectory();
        using var server = new EchoServer(lab.Server, lab.ServerAddress, Port, echo: false);
        string written = temp.File("capture.pcap");
        var interfaces = lab.StartCli(lab.Client, "interfaces");
        Assert.Equal(0, await interfaces.WaitForExitAsync());
        string number = Regex.Match(interfaces.Stdout, $@"^(\d+)\. {lab.ClientInterface}\b", RegexOptions.Multiline).Groups[1].Value;
        Assert.NotEmpty(number);

        var capture = lab.StartCli(lab.Client, "capture", "-i", number, "-c", "25", "-w", written);
        await capture.WaitForLineAsync("capturing on");
        using (new SteadySender(lab, Port, TimeSpan.FromMilliseconds(2)))
        {
            Assert.Equal(0, await capture.WaitForExitAsync());
        }

        Assert.Equal(25, PcapRecords.Read(written).Records.Count);
        Assert.Equal(25, CapturedCount(capture.Stdout));
    }

    [Fact]
    public async Task Duration_StopsByItselfWithExit0()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Pair();

        var capture = lab.StartCli(lab.Client, "capture", "-i", lab.ClientInterface, "--duration", "1s");

        Assert.Equal(0, await capture.WaitForExitAsync(timeoutSeconds: HangGuardSeconds));
        Assert.Contains("No TCP connections.", capture.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// The live claim: an outage's end is printed within a second of the packet that ended it. A client sends a line
    /// every 100 ms through a router whose link to the server goes down for 3 s; the client retransmits, and the
    /// first ACK after the link returns ends the outage.
    /// </summary>
    [Fact]
    public async Task OutageEnd_IsPrintedWithinASecondOfThePacketThatEndedIt()
    {
        Requirements.NetworkLab();
        using var lab = NetworkLab.Routed();
        using var temp = new TempDirectory();
        using var server = new EchoServer(lab.Server, lab.ServerAddress, Port, echo: false);
        string written = temp.File("capture.pcap");

        var capture = lab.StartCli(lab.Client, "capture", "-i", lab.ClientInterface, "-w", written);
        await capture.WaitForLineAsync("capturing on");
        using (new SteadySender(lab, Port, TimeSpan.FromMilliseconds(100)))
        {
            await Task.Delay(1500, TestContext.Current.CancellationToken);
            NetworkLab.SetLink(lab.Router!, lab.RouterServerInterface!, up: false);
            await Task.Delay(3000, TestContext.Current.CancellationToken);
            NetworkLab.SetLink(lab.Router!, lab.RouterServerInterface!, up: true);
            await capture.WaitForLineAsync(" outage_end ", onStdout: true, timeoutSeconds: HangGuardSeconds);
        }

        capture.Signal(Native.SIGTERM);
        Assert.Equal(143, await capture.WaitForExitAsync());
        var (printedAt, line) = capture.StdoutLines.First(l => l.Line.Contains(" outage_end ", StringComparison.Ordinal));
        var packetTime = DateTime.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var latency = printedAt - packetTime;
        TestContext.Current.TestOutputHelper?.WriteLine($"outage_end printed {latency.TotalMilliseconds:0.0} ms after its packet: {line}");
        TestContext.Current.TestOutputHelper?.WriteLine(capture.Stdout);
        Assert.True(latency < TimeSpan.FromSeconds(1), $"printed {latency.TotalMilliseconds:0} ms after the packet");
        Assert.True(latency > TimeSpan.FromMilliseconds(-50), $"printed before the packet? {latency.TotalMilliseconds:0} ms");
        Assert.Contains("recovered after", line, StringComparison.Ordinal);
    }

    /// <summary>How long to wait for what must come before calling it a hang: generous, since a busy machine is slow.</summary>
    private const int HangGuardSeconds = 180;

    private static long CapturedCount(string stdout)
    {
        var match = CapturedLine().Match(stdout);
        Assert.True(match.Success, $"no capture summary in:\n{stdout}");
        return long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^Capture on \S+: ([\d,]+) packets captured", RegexOptions.Multiline)]
    private static partial Regex CapturedLine();

    /// <summary>A client in the lab sending a line at a steady pace until disposed.</summary>
    private sealed class SteadySender : IDisposable
    {
        public const int LineLength = 100;

        private readonly Socket _socket;
        private readonly Thread _thread;
        private volatile bool _stop;
        private int _sent;

        public SteadySender(NetworkLab lab, int port, TimeSpan every)
        {
            _socket = Traffic.Connect(lab.Client, lab.ServerAddress, port);
            _thread = new Thread(() =>
            {
                var line = new byte[LineLength];
                line.AsSpan().Fill((byte)'x');
                line[^1] = (byte)'\n';
                try
                {
                    while (!_stop)
                    {
                        _socket.Send(line);
                        Interlocked.Increment(ref _sent);
                        Thread.Sleep(every);
                    }
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Closed under it.
                }
            }) { IsBackground = true, Name = "steady sender" };
            _thread.Start();
        }

        public async Task WaitForLinesAsync(int lines)
        {
            var deadline = DateTime.UtcNow.AddSeconds(HangGuardSeconds);
            while (Volatile.Read(ref _sent) < lines)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the sender wrote {_sent} of {lines} lines in {HangGuardSeconds} s");
                Assert.True(_thread.IsAlive, $"the sender stopped after {_sent} lines");
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join(TimeSpan.FromSeconds(5));
            _socket.Dispose();
        }
    }
}
