using PcapSurvival.Core.Outages;

namespace PcapSurvival.Core.Verdicts;

/// <summary>What happened to a connection, in design.md's vocabulary.</summary>
public enum Verdict : byte
{
    /// <summary>No outage; the connection carried on or closed normally.</summary>
    Unaffected,

    /// <summary>At least one outage, and after each one traffic was acknowledged again.</summary>
    Survived,

    /// <summary>An outage, and the connection never recovered: a RST, or the sender gave up.</summary>
    Died,

    /// <summary>The capture ended while an outage was still going on.</summary>
    Stalled,

    /// <summary>Ended by a RST that did not follow an outage.</summary>
    Reset,

    /// <summary>The SYN was answered by a RST.</summary>
    Refused,

    /// <summary>SYNs were sent and nothing came back.</summary>
    Unanswered,

    /// <summary>The capture holds one direction only: an outage seen in it cannot tell survival from death.</summary>
    Undetermined,
}
