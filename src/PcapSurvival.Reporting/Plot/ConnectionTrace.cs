using PcapSurvival.Core.Sinks;

namespace PcapSurvival.Reporting.Plot;

/// <summary>Both directions of one live connection, as its graphs will draw them.</summary>
internal sealed class ConnectionTrace
{
    /// <summary>The client's data, with the server's ACKs.</summary>
    public DirectionTrace ClientData { get; } = new();

    /// <summary>The server's data, with the client's ACKs.</summary>
    public DirectionTrace ServerData { get; } = new();

    public void Packet(in PacketRecord packet)
    {
        (packet.FromClient ? ClientData : ServerData).Sent(packet);
        (packet.FromClient ? ServerData : ClientData).Acknowledged(packet);
    }
}
