namespace PcapSurvival.Capture;

/// <summary>One device libpcap can capture on, as <c>pcapsurvival interfaces</c> lists it.</summary>
/// <param name="Number">1-based position in the list; <c>capture -i</c> accepts it instead of the name.</param>
/// <param name="Addresses">IP addresses with prefix length ("10.0.0.1/24"), then the hardware address if any.</param>
/// <param name="IsNetworkInterface">
/// One of the machine's network interfaces, which are up or down; libpcap's other devices (nflog, nfqueue, D-Bus,
/// Bluetooth monitor) have no such state and capture whatever libpcap says of it.
/// </param>
public sealed record CaptureInterface(
    int Number, string Name, string? Description, bool IsUp, bool IsRunning, bool IsLoopback, IReadOnlyList<string> Addresses,
    bool IsNetworkInterface);
