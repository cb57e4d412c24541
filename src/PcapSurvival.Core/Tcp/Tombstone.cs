using PcapSurvival.Core.Decoding;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// What is remembered of a finished connection: enough to apply Wireshark's port-reuse rule to a later SYN on
/// the same ports, in a struct without references, so that any number of them costs the GC nothing to scan.
/// </summary>
internal readonly record struct Tombstone(
    IpAddress ClientAddress, ushort ClientPort, long Stream, uint ClientBaseSeq, bool ClientBaseSet,
    uint ServerBaseSeq, bool ServerBaseSet, long FinishedNs)
{
    public static Tombstone Of(Connection connection, long finishedNs) => new(
        connection.ClientAddress, connection.ClientPort, connection.Stream,
        connection.ClientFlow.BaseSeq, connection.ClientFlow.BaseSeqSet,
        connection.ServerFlow.BaseSeq, connection.ServerFlow.BaseSeqSet, finishedNs);

    /// <summary>The initial sequence number the sender of <paramref name="segment"/> used in the finished connection.</summary>
    public bool TryGetBaseOfSender(in TcpSegment segment, out uint baseSeq)
    {
        bool fromClient = segment.SourcePort == ClientPort && segment.Source == ClientAddress;
        baseSeq = fromClient ? ClientBaseSeq : ServerBaseSeq;
        return fromClient ? ClientBaseSet : ServerBaseSet;
    }
}
