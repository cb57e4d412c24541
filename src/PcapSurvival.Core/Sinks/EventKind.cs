namespace PcapSurvival.Core.Sinks;

public enum EventKind : byte
{
    /// <summary>A packet carried one of Wireshark's analysis flags (<see cref="EventRecord.Flag"/>).</summary>
    Analysis,
    Rst,
    Fin,

    /// <summary>The connection's observed state changed (<see cref="EventRecord.State"/>).</summary>
    State,
    OutageStart,
    OutageEnd,
}
