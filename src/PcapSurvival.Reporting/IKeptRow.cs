namespace PcapSurvival.Reporting;

/// <summary>What <see cref="MostInterestingConnections{TRow}"/> ranks a kept row by.</summary>
internal interface IKeptRow
{
    /// <summary><see cref="Text.ConnectionRow.InterestOf"/> of the connection.</summary>
    int Interest { get; }

    /// <summary>The connection's first frame: the earlier started wins among equally interesting ones.</summary>
    long FirstFrame { get; }
}
