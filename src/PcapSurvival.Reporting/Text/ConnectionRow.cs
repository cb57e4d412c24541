using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Sinks;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Reporting.Text;

/// <summary>What the report keeps of a finished connection: its table row and its outage sentences.</summary>
internal sealed record ConnectionRow(long Stream, long FirstFrame, string[] Cells, IReadOnlyList<string> Sentences, int Interest) : IKeptRow
{
    public static readonly string[] Header =
        ["stream", "client", "server", "proto", "state", "verdict", "pkts", "retr", "fast", "spur", "ooo", "lost", "unseen", "dupack", "zwin", "ka", "rst", "outages"];

    public static ConnectionRow From(Connection c)
    {
        var counts = c.FlagCounts;
        string outages = c.OutageCount == 0 ? "-" : $"{c.OutageCount} ({OutageText.Seconds(c.LongestOutageSeconds)})";
        string[] cells =
        [
            c.Stream.ToString(Report.Invariant),
            Endpoint(c.ClientText, c.ClientPort),
            Endpoint(c.ServerText, c.ServerPort),
            ConnectionFacts.Protocol(c),
            ConnectionStateNames.Name(c.State) + (c.Midstream ? "*" : ""),
            VerdictNames.Name(c.Verdict),
            c.Packets.ToString(Report.Invariant),
            Count(counts.Of(AnalysisFlags.Retransmission)),
            Count(counts.Of(AnalysisFlags.FastRetransmission)),
            Count(counts.Of(AnalysisFlags.SpuriousRetransmission)),
            Count(counts.Of(AnalysisFlags.OutOfOrder)),
            Count(counts.Of(AnalysisFlags.LostSegment)),
            Count(counts.Of(AnalysisFlags.AckLostSegment)),
            Count(counts.Of(AnalysisFlags.DuplicateAck)),
            Count(counts.Of(AnalysisFlags.ZeroWindow)),
            Count(counts.Of(AnalysisFlags.KeepAlive)),
            Count(c.Resets),
            outages,
        ];
        var sentences = c.Verdict == Verdict.Undetermined ? [CaveatText.OneDirection(c)] : c.Outages.Select(o => OutageText.Describe(o)).ToList();
        if (c.OutageCount > c.Outages.Count && c.Verdict != Verdict.Undetermined)
        {
            sentences.Add($"... and {Report.Plural(c.OutageCount - c.Outages.Count, "more outage", "more outages")}");
        }

        if (Degradation.IsDegraded(c))
        {
            sentences.Add(CaveatText.Degraded(c));
        }

        if (HalfOpenSessions.Holder(c) is bool clientHolds)
        {
            sentences.Add(HalfOpenText.Sentence(c, clientHolds));
        }

        return new ConnectionRow(c.Stream, c.FirstFrame, cells, sentences, InterestOf(c));
    }

    /// <summary>The same row under the file's stream number (see <see cref="Core.Pipeline.IOrderFreeSink"/>).</summary>
    public ConnectionRow WithStream(long stream)
    {
        string[] cells = [.. Cells];
        cells[0] = stream.ToString(Report.Invariant);
        return this with { Stream = stream, Cells = cells };
    }

    /// <summary>How much a connection deserves a row when not all fit: anything but unaffected first, then SSH, then problems.</summary>
    public static int InterestOf(Connection c)
    {
        int problems = 0;
        for (int bit = 0; bit < 16; bit++)
        {
            problems += c.FlagCounts[bit];
        }

        return (c.Verdict is Verdict.Unaffected ? 0 : 1_000_000) + (c.IsSsh ? 500_000 : 0) + Math.Min(problems + c.Resets, 499_999);
    }

    /// <summary>"192.0.2.2:22", or "[2001:db8::2]:22" for IPv6.</summary>
    public static string Endpoint(string address, ushort port) =>
        address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";

    private static string Count(int n) => n == 0 ? "-" : n.ToString(Report.Invariant);
}
