using PcapSurvival.Core.Outages;

namespace PcapSurvival.Core.Pipeline;

public sealed record AnalysisOptions
{
    public OutageSettings Outages { get; init; } = new();

    /// <summary>An open connection with no packets for this long (capture time) is finished and forgotten.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>A closed or reset connection is kept this long for late packets and port-reuse detection.</summary>
    public TimeSpan FinishedTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public IPacketFilter? Filter { get; init; }
}
