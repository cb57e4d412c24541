using System.Runtime.CompilerServices;
using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// A connection's state as the capture point sees it (not either host's own TCP state): SYN, SYN/ACK, data, FIN and
/// RST move it on.
/// </summary>
internal static class ConnectionStateMachine
{
    /// <summary>The state of a connection that starts with <paramref name="first"/>.</summary>
    public static ConnectionState Initial(in TcpSegment first) => (first.Flags & (TcpFlags.Syn | TcpFlags.Ack)) switch
    {
        TcpFlags.Syn => ConnectionState.SynSent,
        TcpFlags.Syn | TcpFlags.Ack => ConnectionState.SynReceived,
        _ => ConnectionState.Established,
    };

    /// <summary>The state after <paramref name="segment"/>, sent by the side of <paramref name="sender"/>, whose SYN, FIN and RST marks it sets.</summary>
    public static ConnectionState Next(Connection connection, ref FlowState sender, in TcpSegment segment)
    {
        var state = connection.State;
        sender.SawAck |= segment.Has(TcpFlags.Ack);
        if (segment.Has(TcpFlags.Syn))
        {
            sender.SawSyn = true;
            if (segment.Has(TcpFlags.Ack) && state == ConnectionState.SynSent)
            {
                state = ConnectionState.SynReceived;
            }
        }
        else if (state is ConnectionState.SynSent or ConnectionState.SynReceived && !segment.Has(TcpFlags.Rst)
            && (segment.Has(TcpFlags.Ack) || segment.PayloadLength > 0))
        {
            state = ConnectionState.Established;
        }

        if (segment.Has(TcpFlags.Fin))
        {
            sender.SawFin = true;
            if (state != ConnectionState.Reset)
            {
                state = connection.Client.SawFin && connection.Server.SawFin ? ConnectionState.Closed : ConnectionState.HalfClosed;
            }
        }

        if (segment.Has(TcpFlags.Rst))
        {
            sender.SawRst = true;
            state = ConnectionState.Reset;
        }

        return state;
    }

    /// <summary>
    /// Reset, or closed with everything acknowledged: only stray packets can follow, so the connection is kept only
    /// the short finished timeout. A closed connection whose FIN or data is still unacknowledged may go on
    /// retransmitting for minutes, so it stays with the open ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFinished(Connection connection) =>
        connection.State == ConnectionState.Reset
        || (connection.State == ConnectionState.Closed && connection.ClientFlow.InFlight.Count == 0 && connection.ServerFlow.InFlight.Count == 0);
}
