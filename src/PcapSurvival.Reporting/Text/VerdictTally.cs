using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Reporting.Text;

/// <summary>Counts verdicts, and the reasons behind them, for the summary line.</summary>
internal sealed class VerdictTally
{
    /// <summary>The order in which the summary mentions verdicts: what the user came for first.</summary>
    private static readonly Verdict[] Order =
        [Verdict.Survived, Verdict.Died, Verdict.Stalled, Verdict.Unaffected, Verdict.Reset, Verdict.Refused, Verdict.Unanswered,
         Verdict.Undetermined];

    private readonly Dictionary<(Verdict, string?), long> _counts = [];

    public long Total { get; private set; }

    public void Add(Verdict verdict, string? reason)
    {
        // Reset and stalled reasons are too fine-grained for a summary; died reasons are the point.
        var key = (verdict, verdict == Verdict.Died ? reason : null);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
        Total++;
    }

    public void Clear()
    {
        _counts.Clear();
        Total = 0;
    }

    /// <summary>"3 survived, 1 died (reset after the client gave up), 2 unaffected"</summary>
    public string Describe()
    {
        var parts = new List<string>();
        foreach (var verdict in Order)
        {
            foreach (var ((v, reason), count) in _counts.Where(k => k.Key.Item1 == verdict)
                .OrderByDescending(k => k.Value).ThenBy(k => k.Key.Item2, StringComparer.Ordinal))
            {
                parts.Add(reason is null ? $"{Report.Count(count)} {VerdictNames.Name(v)}" : $"{Report.Count(count)} {VerdictNames.Name(v)} ({reason})");
            }
        }

        return string.Join(", ", parts);
    }
}
