using System.Globalization;
using System.Text.RegularExpressions;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Tcp;

/// <summary>
/// RTT per direction against `tcptrace -lr` on corpus captures where every connection's samples are unambiguous
/// (tools/compare-tcptrace.py runs the whole corpus and README states the agreement). tcptrace prints milliseconds
/// with one decimal, hence the 0.05 ms added to the 1%.
/// </summary>
public sealed partial class TcptraceRttTests
{
    private static readonly string Corpus = Path.GetFullPath(Path.Combine(CliRun.RepositoryRoot, "..", "shared", "corpus"));

    [Theory]
    [InlineData("tcpdump/ssh.pcap")]
    [InlineData("zeek/ftp__bigtransfer.pcap")]
    [InlineData("zeek/tls__irc-starttls.pcap")]
    [InlineData("suricata-verify/bug-4376__syn_retransmit_with_ts.pcap")] // retransmissions after SACK recovery
    [InlineData("zeek/tcp__retransmit-fast009.pcap")]
    public void Rtt_MinAvgMaxAndSamples_AgreeWithTcptrace(string capture)
    {
        string path = Path.Combine(Corpus, capture);
        Assert.SkipUnless(File.Exists(path), $"the public capture corpus is not at {Corpus}");
        Assert.SkipUnless(Tools.Exists("tcptrace"), "tcptrace is not installed (Debian package tcptrace)");
        var sink = new RecordingSink();
        using (var reader = CaptureReader.Open(path))
        {
            CaptureFileAnalysis.Run(reader, new AnalysisOptions(), sink, cancellation: TestContext.Current.CancellationToken);
        }

        string output = Tools.Run("tcptrace", ["-lr", "-n", path]);
        int compared = 0;
        foreach (string block in output.Split("================================"))
        {
            var hosts = Host().Matches(block);
            if (hosts.Count != 2)
            {
                continue;
            }

            var connection = sink.Connections.Single(c => Is(c, hosts[0], hosts[1]));
            bool aIsClient = connection.ClientText == hosts[0].Groups[1].Value && connection.ClientPort.ToString(CultureInfo.InvariantCulture) == hosts[0].Groups[2].Value;
            for (int side = 0; side < 2; side++)
            {
                var measures = (side == 0) == aIsClient ? connection.Measures.Client : connection.Measures.Server;
                int samples = int.Parse(Value(block, "RTT samples", side), CultureInfo.InvariantCulture);
                Assert.Equal(samples, measures.Rtt.Count);
                if (samples == 0)
                {
                    continue;
                }

                Close(Value(block, "RTT min", side), measures.Rtt.MinNs, $"{connection} min");
                Close(Value(block, "RTT avg", side), measures.Rtt.AverageNs, $"{connection} avg");
                Close(Value(block, "RTT max", side), measures.Rtt.MaxNs, $"{connection} max");
                compared++;
            }
        }

        Assert.True(compared > 0, "no direction with RTT samples was compared");
    }

    private static bool Is(Connection c, Match a, Match b) =>
        (c.ClientText, c.ClientPort.ToString(CultureInfo.InvariantCulture), c.ServerText, c.ServerPort.ToString(CultureInfo.InvariantCulture)) is var t
        && ((t.Item1 == a.Groups[1].Value && t.Item2 == a.Groups[2].Value && t.Item3 == b.Groups[1].Value && t.Item4 == b.Groups[2].Value)
            || (t.Item1 == b.Groups[1].Value && t.Item2 == b.Groups[2].Value && t.Item3 == a.Groups[1].Value && t.Item4 == a.Groups[2].Value));

    private static string Value(string block, string label, int side)
    {
        var match = Regex.Match(block, $@"{label}:\s+(\S+)(?: ms)?\s+{label}:\s+(\S+)");
        Assert.True(match.Success, $"tcptrace printed no {label}");
        return match.Groups[side + 1].Value;
    }

    private static void Close(string tcptraceMs, double oursNs, string what)
    {
        double expected = double.Parse(tcptraceMs, CultureInfo.InvariantCulture);
        double actual = oursNs / 1e6;
        Assert.True(Math.Abs(actual - expected) <= (0.01 * expected) + 0.05, $"{what}: {actual:0.000} ms, tcptrace {expected} ms");
    }

    [GeneratedRegex(@"host \w+:\s+(\S+):(\d+)")]
    private static partial Regex Host();
}
