using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Outages;
using PcapSurvival.Core.Reading;
using PcapSurvival.Core.Verdicts;

namespace PcapSurvival.Core.Sinks;

/// <summary>Counts for one input: packets by what they turned out to be, connections, verdicts, and any fault.</summary>
public sealed class FileStatistics
{
    private readonly long[] _outcomes = new long[Enum.GetValues<DecodeOutcome>().Length];
    private readonly long[] _verdicts = new long[Enum.GetValues<Verdict>().Length];

    public FileStatistics(string name) => Name = name;

    public string Name { get; }

    /// <summary>Every packet record read, as frame numbers count them.</summary>
    public long Packets { get; internal set; }

    /// <summary>Packets the -f filter left out.</summary>
    public long Filtered { get; internal set; }

    public long TcpPackets => _outcomes[(int)DecodeOutcome.Tcp];

    public long Connections { get; internal set; }

    /// <summary>Connections finished early, before their idle timeout, to stay under <see cref="AnalysisOptions.MaxConnections"/>.</summary>
    public long EvictedConnections { get; internal set; }

    public long FirstTimestampNs { get; internal set; }

    public long LastTimestampNs { get; internal set; }

    public int TimestampDigits { get; internal set; } = 6;

    /// <summary>Why reading stopped early, when the file is damaged.</summary>
    public CaptureFault? Fault { get; internal set; }

    /// <summary>Live capture only: what was captured and dropped, set by the live session before the analysis completes.</summary>
    public CaptureDrops? Drops { get; set; }

    public long Count(DecodeOutcome outcome) => _outcomes[(int)outcome];

    public long Count(Verdict verdict) => _verdicts[(int)verdict];

    /// <summary>Packets that are not TCP or could not be decoded, by reason.</summary>
    public IEnumerable<(DecodeOutcome Outcome, long Count)> NotAnalyzed()
    {
        foreach (var outcome in Enum.GetValues<DecodeOutcome>())
        {
            if (outcome != DecodeOutcome.Tcp && _outcomes[(int)outcome] > 0)
            {
                yield return (outcome, _outcomes[(int)outcome]);
            }
        }
    }

    /// <summary>Adds the counts of another thread's share of the same file (its clock and name are the same).</summary>
    internal void Add(FileStatistics share)
    {
        Packets += share.Packets;
        Filtered += share.Filtered;
        Connections += share.Connections;
        EvictedConnections += share.EvictedConnections;
        for (int i = 0; i < _outcomes.Length; i++)
        {
            _outcomes[i] += share._outcomes[i];
        }

        for (int i = 0; i < _verdicts.Length; i++)
        {
            _verdicts[i] += share._verdicts[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CountOutcome(DecodeOutcome outcome) => _outcomes[(int)outcome]++;

    internal void CountVerdict(Verdict verdict) => _verdicts[(int)verdict]++;
}
