namespace PcapSurvival.Core.Outages;

public enum OutageKind : byte
{
    /// <summary>A sender retransmitted by timeout while nothing new was acknowledged.</summary>
    Retransmission,

    /// <summary>A busy connection went quiet far beyond its usual spacing and resumed with a backlog.</summary>
    Silence,
}
