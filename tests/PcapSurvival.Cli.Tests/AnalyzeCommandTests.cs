using System.Text.Json;
using PcapSurvival.Testing;

namespace PcapSurvival.Cli.Tests;

public class AnalyzeCommandTests
{
    private static byte[] LinkBounce => OutageCapture.SurvivedLinkBounce();

    [Fact]
    public void Analyze_Report_ShowsTheConnectionItsVerdictAndTheOutageSentence()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("bounce.pcap"), LinkBounce);

        var (exit, stdout, stderr) = CliRun.Run("analyze", dir.File("bounce.pcap"));

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("survived", stdout, StringComparison.Ordinal);
        Assert.Contains("survived a 6.2 s outage: 5 retransmissions backing off 0.2→3.2 s by the client", stdout, StringComparison.Ordinal);
        Assert.Contains("SSH sessions: 1 survived", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_MaxRows_KeepsTheMostInterestingConnectionsAndCountsTheRest()
    {
        // Eight web connections a second apart; only streams 2 and 5 are reset, the others close normally.
        var packets = new List<TestPacket>();
        for (int i = 0; i < 8; i++)
        {
            var start = Scenario.Start(clientPort: (ushort)(41000 + i), serverPort: 80).Handshake().Client(20, 1, 1, len: 10, flags: "PA");
            var scenario = i is 2 or 5
                ? start.Server(30, 1, 11, flags: "RA")
                : start.Server(30, 1, 11, flags: "FA").Client(31, 11, 2, flags: "FA").Server(32, 2, 12);
            packets.AddRange(scenario.Packets(offsetMs: i * 1000));
        }

        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("web.pcap"), PcapFileBuilder.Build(packets, nanoseconds: true));

        var (exit, stdout, _) = CliRun.Run("analyze", "--max-rows", "2", dir.File("web.pcap"));

        Assert.Equal(0, exit);
        var rows = stdout.Split('\n').Where(l => l.Contains(":80 ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(":41002 ", rows[0], StringComparison.Ordinal);
        Assert.Contains(":41005 ", rows[1], StringComparison.Ordinal);
        Assert.Contains("... 6 more connections not shown", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_MaxConnections_EvictsCountsAndSaysSo_InTheReportTheJsonFileRecordAndFilesCsv()
    {
        // 300 SYNs from distinct sources, never answered, under a cap of one connection a shard: each SYN evicts the
        // one before it in its shard, so all but one a shard used are evicted.
        var server = System.Net.IPAddress.Parse("192.0.2.1");
        var sources = Enumerable.Range(1, 300).Select(i => new System.Net.IPAddress([10, 9, (byte)(i >> 8), (byte)i])).ToList();
        var packets = sources.Select((source, i) => new TestPacket(
            Scenario.StartNs + (i * 1_000_000L), PacketFactory.Ethernet(new TcpSpec { Source = source, Destination = server, SourcePort = 40000, DestinationPort = 443, Flags = "S" })));
        int shardsUsed = sources.Select(source => new Core.Tcp.FlowKey(
            Core.Decoding.IpAddress.FromIPAddress(source), 40000, Core.Decoding.IpAddress.FromIPAddress(server), 443).Shard).Distinct().Count();
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("flood.pcap"), PcapFileBuilder.Build(packets, nanoseconds: true));
        string cap = Core.Tcp.FlowShard.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exit, stdout, stderr) = CliRun.Run("analyze", "--max-connections", cap, dir.File("flood.pcap"));
        var (jsonExit, json, _) = CliRun.Run("analyze", "--max-connections", cap, "--json", "-", dir.File("flood.pcap"));
        var (csvExit, _, _) = CliRun.Run("analyze", "--max-connections", cap, "--csv", dir.File("csv"), dir.File("flood.pcap"));

        Assert.Equal((0, 0, 0, ""), (exit, jsonExit, csvExit, stderr));
        Assert.Contains($"evicted early: {300 - shardsUsed} connections over the --max-connections cap", stdout, StringComparison.Ordinal);
        var file = json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)
            .Single(record => record.GetProperty("type").GetString() == "file");
        Assert.Equal(300 - shardsUsed, file.GetProperty("evicted_connections").GetInt64());
        Assert.Equal(300, file.GetProperty("connections").GetInt64());
        string[] files = File.ReadAllLines(Path.Combine(dir.File("csv"), "files.csv"));
        Assert.Equal(2, files.Length); // the header and the one input's row
        var row = files[0].Split(',').Zip(files[1].Split(',')).ToDictionary(pair => pair.First, pair => pair.Second);
        Assert.Equal((300 - shardsUsed).ToString(System.Globalization.CultureInfo.InvariantCulture), row["evicted_connections"]);
        Assert.Equal(("300", "300"), (row["connections"], row["packets"]));
    }

    [Fact]
    public void Analyze_Csv_WritesTheFourFilesWithTheContractColumns()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("bounce.pcap"), LinkBounce);

        var (exit, _, _) = CliRun.Run("analyze", "--csv", dir.File("out"), dir.File("bounce.pcap"));

        Assert.Equal(0, exit);
        string[] Header(string name) => File.ReadLines(Path.Combine(dir.File("out"), name)).First().Split(',');
        Assert.Equal(
            ["file", "stream", "client", "client_port", "server", "server_port", "protocol", "first_seen", "last_seen", "duration_s", "state", "verdict",
             "packets_c2s", "packets_s2c", "bytes_c2s", "bytes_s2c", "handshake_rtt_ms", "retransmissions", "fast_retransmissions",
             "spurious_retransmissions", "out_of_order", "lost_segments", "acked_unseen", "duplicate_acks", "zero_windows", "keep_alives",
             "resets", "outages", "longest_outage_s"],
            Header("connections.csv")[..29]);
        Assert.Equal(["file", "frame", "time", "rel_time", "stream", "src", "src_port", "dst", "dst_port", "flags", "seq", "ack", "len", "window", "analysis"],
            Header("packets.csv")[..15]);
        Assert.Equal(["file", "frame", "time", "stream", "event", "detail"], Header("events.csv")[..6]);
        Assert.Equal(["file", "stream", "kind", "start", "end", "duration_s", "side", "retransmissions", "backoff_s", "network_back_after",
            "network_back_by", "ended_by", "budget_s", "budget_used_pct"], Header("outages.csv")[..14]);
        var outage = File.ReadLines(Path.Combine(dir.File("out"), "outages.csv")).Skip(1).Single().Split(',');
        Assert.Equal(["retransmission", "client", "5", "0.200;0.400;0.800;1.600;3.200"], [outage[2], outage[6], outage[7], outage[8]]);
        Assert.Equal("recovered", outage[11]);
    }

    [Fact]
    public void Analyze_Csv_TimesAreUtcIsoWithTheCapturesPrecision()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("bounce.pcap"), LinkBounce);

        CliRun.Run("analyze", "--csv", dir.File("out"), dir.File("bounce.pcap"));

        var first = File.ReadLines(Path.Combine(dir.File("out"), "packets.csv")).Skip(1).First().Split(',');
        Assert.Equal("1", first[1]);
        Assert.Equal("2023-11-14T22:13:20.000000000Z", first[2]);
        Assert.Equal("0.000000000", first[3]);
        Assert.Equal("SYN", first[9]);
    }

    [Fact]
    public void Analyze_Csv_EscapesTextThatASpreadsheetWouldRunAsAFormula()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("=1+2.pcap"), LinkBounce);

        // The file column holds the name as given; run from the capture's directory so it starts with '='.
        var (exit, _, _) = RunIn(dir.Path, "analyze", "--csv", dir.File("out"), "=1+2.pcap");

        Assert.Equal(0, exit);
        foreach (string file in new[] { "connections.csv", "packets.csv", "events.csv", "outages.csv" })
        {
            string row = File.ReadLines(Path.Combine(dir.File("out"), file)).Skip(1).First();
            Assert.StartsWith("\"'=1+2.pcap\",", row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Analyze_JsonToStdout_IsOneJsonObjectPerLineAndNothingElse()
    {
        var (exit, stdout, _) = CliRun.Run(["analyze", "--json", "-", "-"], LinkBounce);

        Assert.Equal(0, exit);
        var types = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Contains("packet", types);
        Assert.Contains("outage", types);
        Assert.Equal("connection", types[^2]);
        Assert.Equal("file", types[^1]);
    }

    [Theory]
    [InlineData("connection", "connections.csv")]
    [InlineData("packet", "packets.csv")]
    [InlineData("event", "events.csv")]
    [InlineData("outage", "outages.csv")]
    public void Analyze_JsonRecords_CarryTheSameFieldsAsTheCsvFiles(string type, string csvFile)
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("bounce.pcap"), LinkBounce);

        CliRun.Run("analyze", "--csv", dir.File("out"), "--json", dir.File("out.jsonl"), dir.File("bounce.pcap"));

        var record = File.ReadLines(dir.File("out.jsonl")).Select(line => JsonDocument.Parse(line).RootElement)
            .First(r => r.GetProperty("type").GetString() == type);
        var keys = record.EnumerateObject().Select(p => p.Name).Where(name => name != "type").Order();
        var columns = File.ReadLines(Path.Combine(dir.File("out"), csvFile)).First().Split(',')
            .Where(c => c != "dup_ack_num" || record.TryGetProperty(c, out _)).Order();
        Assert.Equal(columns, keys);
    }

    [Fact]
    public void Analyze_StandardInput_IsReadWhenTheFileIsDash()
    {
        var (exit, stdout, _) = CliRun.Run(["analyze", "-"], LinkBounce);

        Assert.Equal(0, exit);
        Assert.StartsWith("-: ", stdout, StringComparison.Ordinal);
        Assert.Contains("SSH sessions: 1 survived", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_DamagedFile_ReportsWhatCameBeforeAndNamesTheFileAndOffset()
    {
        using var dir = new TempDirectory();
        byte[] cut = LinkBounce[..^30];
        File.WriteAllBytes(dir.File("cut.pcap"), cut);

        var (exit, stdout, stderr) = CliRun.Run("analyze", dir.File("cut.pcap"));

        Assert.Equal(2, exit);
        Assert.Matches(@"^pcapsurvival: .*cut\.pcap: damaged at byte offset \d+: file cut short inside packet \d+", stderr);
        Assert.Contains("DAMAGED at byte offset", stdout, StringComparison.Ordinal);
        Assert.Contains("1 connection", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_MissingFile_IsAnInputErrorAndTheOtherFilesAreStillAnalyzed()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("good.pcap"), LinkBounce);

        var (exit, stdout, stderr) = CliRun.Run("analyze", dir.File("missing.pcap"), dir.File("good.pcap"));

        Assert.Equal(2, exit);
        Assert.Contains("missing.pcap", stderr, StringComparison.Ordinal);
        Assert.Contains("SSH sessions: 1 survived", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_NotACapture_IsAnInputError()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("notes.txt"), "hello, this is not a capture");

        var (exit, _, stderr) = CliRun.Run("analyze", dir.File("notes.txt"));

        Assert.Equal(2, exit);
        Assert.Contains("notes.txt: at byte offset 0: not a pcap or pcapng file", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("analyze")]
    [InlineData("analyze", "--retries2", "99", "x.pcap")]
    [InlineData("analyze", "--min-outage", "-1", "x.pcap")]
    [InlineData("analyse-typo", "x.pcap")]
    public void UsageErrors_ExitWithOne(params string[] arguments) => Assert.Equal(1, CliRun.Run(arguments).ExitCode);

    [Theory]
    [InlineData("--retries2", "analyze", "--retries2", "abc", "x.pcap")]
    [InlineData("--min-outage", "analyze", "--min-outage", "1,5", "x.pcap")]
    [InlineData("--min-outage", "analyze", "--min-outage", "Infinity", "x.pcap")]
    [InlineData("--user-timeout", "analyze", "--user-timeout", "3x", "x.pcap")]
    [InlineData("--max-rows", "analyze", "--max-rows", "many", "--json", "-", "x.pcap")]
    [InlineData("--bogus", "analyze", "x.pcap", "--bogus")]
    [InlineData("--count", "capture", "-i", "lo", "-c", "abc")]
    [InlineData("--duration", "capture", "-i", "lo", "--duration", "0")]
    [InlineData("--duration", "capture", "-i", "lo", "--duration", "1:30")]
    [InlineData("--user-timeout", "analyze", "--user-timeout", "0.00000001", "x.pcap")]
    public void WrongValues_AreOneLineOnStderr_NothingOnStdout(string named, params string[] arguments)
    {
        var (exit, stdout, stderr) = CliRun.Run(arguments);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout); // not the help: stdout may be a JSON or CSV pipe
        string error = Assert.Single(stderr.Split('\n'), line => line.StartsWith("pcapsurvival: ", StringComparison.Ordinal));
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MinOutage_TakesSecondsOrAUnit()
    {
        string capture = CliRun.ShippedCapture("ssh-survived-link.pcap");

        var seconds = CliRun.Run("analyze", "--min-outage", "0.5", capture);
        var milliseconds = CliRun.Run("analyze", "--min-outage", "500ms", capture);
        var clock = CliRun.Run("analyze", "--min-outage", "00:00:00.5", capture);
        var tooLong = CliRun.Run("analyze", "--min-outage", "10s", capture);

        Assert.Equal(0, milliseconds.ExitCode);
        Assert.Equal(seconds.Stdout, milliseconds.Stdout);
        Assert.Equal(seconds.Stdout, clock.Stdout);
        Assert.Equal(0, CliRun.Run("analyze", "--min-outage", "0s", capture).ExitCode);
        Assert.Contains("survived", seconds.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(seconds.Stdout, tooLong.Stdout); // its 5 s outage is a short stall under --min-outage 10s
    }

    [Fact]
    public void AnUnansweredSyn_InOutagesCsv_HasTheHandshakeBudget_AndNoTcpRetries2()
    {
        var attempt = Scenario.Start();
        foreach (int at in new[] { 0, 1000, 3000, 7000, 15000, 31000, 63000 })
        {
            attempt.Client(at, 0, 0, flags: "S");
        }

        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("syn.pcap"), attempt.ToPcap());

        var (exit, stdout, _) = CliRun.Run("analyze", "--csv", dir.File("out"), dir.File("syn.pcap"));

        Assert.Equal(0, exit);
        Assert.Contains("tcp_syn_retries = 6", stdout, StringComparison.Ordinal);
        string[] lines = File.ReadAllLines(dir.File(Path.Combine("out", "outages.csv")));
        string[] header = lines[0].Split(',');
        string[] row = Assert.Single(lines[1..]).Split(',');
        Assert.Equal("127.0", row[Array.IndexOf(header, "budget_s")]);
        Assert.Equal("tcp_syn_retries", row[Array.IndexOf(header, "budget_setting")]);
        Assert.Equal("", row[Array.IndexOf(header, "matching_retries2")]);
    }

    [Fact]
    public void TheBackoff_RunsFromTheFirstIntervalToTheLongest()
    {
        // Its intervals (outages.csv): 0.106;0.108;0.424;0.832;1.600;0.416;0.832, the longest not the last.
        string capture = CliRun.ShippedCapture("ssh-survived-link.pcap");

        var (exit, stdout, _) = CliRun.Run("analyze", capture);

        Assert.Equal(0, exit);
        Assert.Contains("7 retransmissions backing off 0.11→1.6 s by the client", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AFullDisk_IsOneLineAndExitOne()
    {
        Assert.SkipUnless(File.Exists("/dev/full"), "needs /dev/full (Linux)");
        string capture = CliRun.ShippedCapture("ssh-survived-link.pcap");

        var (exit, _, stderr) = CliRun.Run("analyze", "--json", "/dev/full", capture);

        Assert.Equal(1, exit);
        Assert.Contains("cannot write the output: No space left on device", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ADirectoryGivenAsACapture_IsSaidSo()
    {
        using var dir = new TempDirectory();

        var (exit, _, stderr) = CliRun.Run("analyze", dir.Path);

        Assert.Equal(2, exit);
        Assert.Contains($"{dir.Path}: is a directory, not a capture file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_HasExamples()
    {
        var (exit, stdout, _) = CliRun.Run("analyze", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Examples:", stdout, StringComparison.Ordinal);
        Assert.Contains("--retries2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_WithABpfFilter_LeavesOutWhatDoesNotMatch()
    {
        Assert.SkipUnless(Libpcap.IsInstalled, Libpcap.SkipReason);
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("bounce.pcap"), LinkBounce);

        var (exit, stdout, _) = CliRun.Run("analyze", "-f", "tcp port 80", dir.File("bounce.pcap"));

        Assert.Equal(0, exit);
        Assert.Contains("left out by the filter", stdout, StringComparison.Ordinal);
        Assert.Contains("No TCP connections.", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("raw IPv4, link type 101", 101, "")]
    [InlineData("IPv6 over BSD loopback from a Mac, link type 0", 0, "1e000000")]
    [InlineData("IPv6 over BSD loopback from FreeBSD, link type 0, big-endian machine", 0, "0000001c")]
    [InlineData("IPv4 over BSD loopback, link type 0, big-endian machine", 0, "00000002")]
    [InlineData("IPv6 over OpenBSD loopback, link type 108", 108, "00000018")]
    public void Analyze_WithATcpFilter_KeepsTheTcpOfEveryLinkType(string what, int linkType, string loopbackFamily)
    {
        Assert.SkipUnless(Libpcap.IsInstalled, Libpcap.SkipReason);
        var spec = loopbackFamily is "" or "00000002"
            ? new TcpSpec { Flags = "S" }
            : new TcpSpec { Flags = "S", Source = System.Net.IPAddress.Parse("2001:db8::1"), Destination = System.Net.IPAddress.Parse("2001:db8::2") };
        byte[] frame = [.. Convert.FromHexString(loopbackFamily), .. PacketFactory.RawIp(spec)];
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("t.pcap"), PcapFileBuilder.Build([new TestPacket(Scenario.StartNs, frame)], linkType));

        var (exit, stdout, stderr) = CliRun.Run("analyze", "-f", "tcp", dir.File("t.pcap"));

        Assert.True(exit == 0, $"{what}: {stderr}");
        Assert.Contains(", 1 TCP, 1 connection", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("left out by the filter", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_WithABadBpfFilter_IsAUsageErrorQuotingTheFilter()
    {
        Assert.SkipUnless(Libpcap.IsInstalled, Libpcap.SkipReason);

        var (exit, _, stderr) = CliRun.Run("analyze", "-f", "tcp port banana", "x.pcap");

        Assert.Equal(1, exit);
        Assert.Contains("bad filter \"tcp port banana\"", stderr, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Stdout, string Stderr) RunIn(string directory, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliRun.Assembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr);
    }
}
