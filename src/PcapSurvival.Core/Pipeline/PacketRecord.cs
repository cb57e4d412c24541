using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Pipeline;

/// <summary>One analysed TCP packet, as handed to the sinks. Sequence numbers are relative, as Wireshark shows them.</summary>
public readonly record struct PacketRecord(
    long Frame,
    long TimeNs,
    Connection Connection,
    bool FromClient,
    TcpFlags Flags,
    uint RelativeSeq,
    uint RelativeAck,
    int PayloadLength,
    ushort Window,
    AnalysisFlags Analysis,
    int DuplicateAckNumber);
