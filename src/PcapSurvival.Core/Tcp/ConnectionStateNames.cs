namespace PcapSurvival.Core.Tcp;

public static class ConnectionStateNames
{
    public static string Name(ConnectionState state) => state switch
    {
        ConnectionState.SynSent => "syn_sent",
        ConnectionState.SynReceived => "syn_received",
        ConnectionState.Established => "established",
        ConnectionState.HalfClosed => "half_closed",
        ConnectionState.Closed => "closed",
        ConnectionState.Reset => "reset",
        _ => state.ToString(),
    };
}
