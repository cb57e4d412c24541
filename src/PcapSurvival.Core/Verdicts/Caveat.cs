namespace PcapSurvival.Core.Verdicts;

/// <summary>What the capture could not show about a connection, so that its verdict is read with care.</summary>
public enum Caveat : byte
{
    None,

    /// <summary>Only one side's packets are in the capture (asymmetric routing, a capture filter on one direction).</summary>
    OneDirection,

    /// <summary>
    /// A busy connection went silent, with data or acknowledgements owed, until the capture ended: the capture point
    /// saw nothing at all, as on a host whose own link went down.
    /// </summary>
    SilentUntilEnd,
}
