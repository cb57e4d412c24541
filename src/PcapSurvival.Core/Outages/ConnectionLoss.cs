namespace PcapSurvival.Core.Outages;

/// <summary>How an outage cost a connection its life, when the network itself did not (see <see cref="Outage.Loss"/>).</summary>
public enum ConnectionLoss : byte
{
    /// <summary>Nothing beyond the outage's ending.</summary>
    None,

    /// <summary>
    /// An application closed the connection during the outage (ssh's ServerAliveCountMax × ServerAliveInterval, an
    /// application timeout): its FIN was queued behind the unacknowledged data, or its socket answered with a RST.
    /// </summary>
    ApplicationClosed,

    /// <summary>
    /// The other side no longer knew the connection when the network came back: it answered a retransmission with a
    /// RST (a reboot, a killed process, or a system that drops connections when its link goes down, as Windows does).
    /// </summary>
    PeerForgot,
}
