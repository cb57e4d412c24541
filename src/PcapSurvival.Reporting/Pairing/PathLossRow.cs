using PcapSurvival.Core.Pairing;

namespace PcapSurvival.Reporting.Pairing;

/// <summary>A path loss with the addresses as the point that saw it saw them.</summary>
internal readonly record struct PathLossRow(PathLossRecord Loss)
{
    private ConnectionPair Pair => Loss.Pair;

    private bool AtA => Loss.SeenAt == CapturePoint.A;

    public string Source => (Loss.FromClient ? (AtA ? Pair.ClientAtA : Pair.ClientAtB) : (AtA ? Pair.ServerAtA : Pair.ServerAtB)).ToString();

    public ushort SourcePort => Loss.FromClient ? (AtA ? Pair.ClientPortAtA : Pair.ClientPortAtB) : (AtA ? Pair.ServerPortAtA : Pair.ServerPortAtB);

    public string Destination => (Loss.FromClient ? (AtA ? Pair.ServerAtA : Pair.ServerAtB) : (AtA ? Pair.ClientAtA : Pair.ClientAtB)).ToString();

    public ushort DestinationPort => Loss.FromClient ? (AtA ? Pair.ServerPortAtA : Pair.ServerPortAtB) : (AtA ? Pair.ClientPortAtA : Pair.ClientPortAtB);
}
