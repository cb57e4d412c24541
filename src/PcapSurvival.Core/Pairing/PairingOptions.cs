using PcapSurvival.Core.Pipeline;

namespace PcapSurvival.Core.Pairing;

/// <summary>Settings of a paired analysis.</summary>
public sealed record PairingOptions
{
    /// <summary>The per-file analysis run on each capture beside the pairing.</summary>
    public AnalysisOptions Analysis { get; init; } = new();

    /// <summary>
    /// How long a segment seen at one point waits for its copy at the other (one-way delay plus the error of the
    /// first offset estimate); it bounds memory to the packets of one window.
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>B's clock minus A's, when known; otherwise estimated from the first packets.</summary>
    public TimeSpan? CoarseOffset { get; init; }

    /// <summary>Packets read from the start of each file for the first offset estimate.</summary>
    public int CoarsePackets { get; init; } = 200_000;

    /// <summary>A run of segments lost between the points is an outage when it lasts this long (as --min-outage).</summary>
    public TimeSpan MinOutage { get; init; } = TimeSpan.FromSeconds(1);
}
