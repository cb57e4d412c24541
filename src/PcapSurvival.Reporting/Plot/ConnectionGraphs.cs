using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;
using PcapSurvival.Reporting.Text;

namespace PcapSurvival.Reporting.Plot;

/// <summary>A finished connection's graphs (one per direction that sent anything) and the report's words about it.</summary>
internal sealed record ConnectionGraphs(
    long Stream, long FirstFrame, int Interest, string Label, Verdict Verdict, string? Reason, IReadOnlyList<string> Sentences,
    IReadOnlyList<SequenceGraph> Graphs) : IKeptRow
{
    /// <summary>"survived", "died: the client gave up"...: the verdict and its reason, as the graph's title says it.</summary>
    public string VerdictText => Reason is null ? VerdictNames.Name(Verdict) : $"{VerdictNames.Name(Verdict)}: {Reason}";

    /// <summary>Copies what the graphs need out of <paramref name="c"/>, which is reused once this returns.</summary>
    public static ConnectionGraphs From(Connection c, ConnectionTrace trace)
    {
        var outages = c.Outages.Select(TimelineOutage.From).ToList();
        var graphs = new[]
        {
            SequenceGraph.From(trace.ClientData, clientData: true, c.FirstSeenNs, c.LastSeenNs, outages),
            SequenceGraph.From(trace.ServerData, clientData: false, c.FirstSeenNs, c.LastSeenNs, outages),
        };
        var drawn = graphs.Where(g => g.HasData).ToList();
        return new ConnectionGraphs(
            c.Stream,
            c.FirstFrame,
            ConnectionRow.InterestOf(c),
            $"stream {c.Stream}: {ConnectionRow.Endpoint(c.ClientText, c.ClientPort)} → {ConnectionRow.Endpoint(c.ServerText, c.ServerPort)} {ConnectionFacts.Protocol(c)}",
            c.Verdict,
            VerdictReasons.Reason(c),
            [.. outages.Select(o => o.Sentence)],
            drawn.Count > 0 ? drawn : [graphs[0]]);
    }
}
