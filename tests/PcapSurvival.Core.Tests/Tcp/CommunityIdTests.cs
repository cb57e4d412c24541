using System.Text.Json;
using System.Text.RegularExpressions;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Pipeline;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Testing;

namespace PcapSurvival.Core.Tests.Tcp;

/// <summary>
/// Community ID v1 against the specification's vectors (../shared/reference/community-id: its baseline tables and
/// JSON, for every protocol through the pure function) and against Zeek's IDs for the connections of the test
/// captures (through the whole analysis, for TCP).
/// </summary>
public sealed partial class CommunityIdTests
{
    private static readonly string Reference =
        Path.GetFullPath(Path.Combine(CliRun.RepositoryRoot, "..", "shared", "reference", "community-id"));

    [Fact]
    public void Compute_HandCheckedTuple_MatchesTheSpecificationsExample()
    {
        // The specification's first example, which needs no files: TCP 1.2.3.4:1122 -> 5.6.7.8:3344, both ways.
        var a = IpAddress.Parse("1.2.3.4");
        var b = IpAddress.Parse("5.6.7.8");
        Assert.Equal("1:wCb3OG7yAFWelaUydu0D+125CLM=", CommunityId.Compute(CommunityId.Tcp, a, b, 1122, 3344));
        Assert.Equal("1:wCb3OG7yAFWelaUydu0D+125CLM=", CommunityId.Compute(CommunityId.Tcp, b, a, 3344, 1122));
    }

    public static TheoryData<string, int, bool> JsonBaselines() => new()
    {
        { "baseline_deflt.json", 0, true },
        { "baseline_seed1.json", 1, true },
        { "baseline_nob64.json", 0, false },
    };

    [Theory]
    [MemberData(nameof(JsonBaselines))]
    public void Compute_EveryJsonVector_Matches(string file, int seed, bool base64)
    {
        string path = Path.Combine(Reference, "baseline", file);
        Assert.SkipUnless(File.Exists(path), $"the Community ID reference is not at {Reference}");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        int checkedVectors = 0;
        foreach (var vector in json.RootElement.EnumerateArray())
        {
            byte protocol = vector.GetProperty("proto").GetByte();
            var source = IpAddress.Parse(vector.GetProperty("saddr").GetString()!);
            var destination = IpAddress.Parse(vector.GetProperty("daddr").GetString()!);
            bool hasPorts = vector.GetProperty("sport").ValueKind == JsonValueKind.Number;
            ushort sport = hasPorts ? vector.GetProperty("sport").GetUInt16() : (ushort)0;
            ushort dport = hasPorts ? vector.GetProperty("dport").GetUInt16() : (ushort)0;
            string actual = Compute(protocol, source, destination, sport, dport, hasPorts, (ushort)seed, base64);
            Assert.Equal(vector.GetProperty("communityid").GetString(), actual);
            checkedVectors++;
        }

        Assert.Equal(23, checkedVectors);
    }

    [Fact]
    public void Compute_EveryReadmeTableRow_Matches()
    {
        string path = Path.Combine(Reference, "baseline", "README.md");
        Assert.SkipUnless(File.Exists(path), $"the Community ID reference is not at {Reference}");
        // Three tables in order: defaults, seed 1, no base64.
        var settings = new (ushort Seed, bool Base64)[] { (0, true), (1, true), (0, false) };
        int table = -1;
        int rows = 0;
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                table++;
            }

            var row = TableRow().Match(line);
            if (!row.Success)
            {
                continue;
            }

            byte protocol = byte.Parse(row.Groups["proto"].Value);
            bool hasPorts = row.Groups["sport"].Value != "-";
            ushort sport = hasPorts ? ushort.Parse(row.Groups["sport"].Value) : (ushort)0;
            ushort dport = hasPorts ? ushort.Parse(row.Groups["dport"].Value) : (ushort)0;
            string actual = Compute(
                protocol, IpAddress.Parse(row.Groups["src"].Value), IpAddress.Parse(row.Groups["dst"].Value), sport, dport, hasPorts,
                settings[table].Seed, settings[table].Base64);
            Assert.Equal(row.Groups["id"].Value, actual);
            rows++;
        }

        Assert.Equal(3 * 16, rows);
    }

    [Fact]
    public void Compute_EveryZeekRunPcapsConnection_Matches()
    {
        string directory = Path.Combine(Reference, "zeek-btest-run-pcaps");
        Assert.SkipUnless(Directory.Exists(directory), $"the Community ID reference is not at {Reference}");
        int connections = 0;
        foreach (string file in Directory.GetFiles(directory, "*.out"))
        {
            foreach (var match in File.ReadAllLines(file).Select(l => ZeekLine().Match(l)).Where(m => m.Success))
            {
                byte protocol = byte.Parse(match.Groups["proto"].Value);
                var source = IpAddress.Parse(match.Groups["oh"].Value);
                var destination = IpAddress.Parse(match.Groups["rh"].Value);
                string actual = Compute(
                    protocol, source, destination, ushort.Parse(match.Groups["op"].Value), ushort.Parse(match.Groups["rp"].Value), ports: true, 0, true);
                Assert.Equal(match.Groups["id"].Value, actual);
                connections++;
            }
        }

        Assert.Equal(19, connections);
    }

    public static TheoryData<string, string> TcpCaptures() => new()
    {
        { "pcaps/tcp.pcap", "1:LQU9qZlK+B5F3KDmev6m5PMibrg=" },
        { "pcaps/ipv6.pcap", "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=" },
        { "../zeek-conn-logs/../../corpus/zeek/tcp__handshake-reorder.pcap", "1:yvyB8h+3dnggTZW0UEITWCst97w=" },
    };

    /// <summary>Through the whole analysis: the connection of each TCP test capture gets Zeek's ID.</summary>
    [Theory]
    [MemberData(nameof(TcpCaptures))]
    public void Of_TcpCaptureConnection_MatchesZeek(string capture, string expected)
    {
        string path = Path.GetFullPath(Path.Combine(Reference, capture));
        Assert.SkipUnless(File.Exists(path), $"the capture is not at {path}");
        var sink = new RecordingSink();
        using (var reader = CaptureReader.Open(path))
        {
            CaptureFileAnalysis.Run(reader, new AnalysisOptions(), sink, cancellation: TestContext.Current.CancellationToken);
        }

        var connection = Assert.Single(sink.Connections);
        Assert.Equal(expected, CommunityId.Of(connection));
    }

    private static string Compute(byte protocol, IpAddress source, IpAddress destination, ushort sport, ushort dport, bool ports, ushort seed, bool base64)
    {
        bool oneWay = false;
        if (protocol is CommunityId.Icmp or CommunityId.Icmp6)
        {
            // The vectors give ICMP's type and its counterpart type, or its code when it has none.
            (sport, dport, oneWay) = CommunityId.IcmpPorts(protocol == CommunityId.Icmp6, (byte)sport, (byte)dport);
        }

        return CommunityId.Compute(protocol, source, destination, sport, dport, seed, ports, oneWay, base64);
    }

    [GeneratedRegex(@"^\s+\|\s+\w+\s+\|\s+(?<proto>\d+)\s+\|\s+(?<src>\S+)\s+\|\s+(?<dst>\S+)\s+\|\s+(?<sport>\S+)\s+\|\s+(?<dport>\S+)\s+\|\s+(?<id>1:\S+)\s+\|")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"orig_h=(?<oh>[^,]+), orig_p=(?<op>\d+)/\w+, resp_h=(?<rh>[^,]+), resp_p=(?<rp>\d+)/\w+, proto=(?<proto>\d+), ctx=\[\]\], (?<id>1:\S+)")]
    private static partial Regex ZeekLine();
}
