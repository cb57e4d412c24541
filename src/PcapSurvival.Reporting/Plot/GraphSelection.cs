using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Tcp;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Reporting.Plot;

/// <summary>Which finished connections get a time-sequence graph.</summary>
internal static class GraphSelection
{
    /// <summary>Every connection something happened to (any verdict but unaffected), or every one with --plot-all.</summary>
    public static bool Draws(Connection connection, bool all) =>
        all
        || connection.Verdict != Verdict.Unaffected;
}
