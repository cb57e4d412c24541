using PcapSurvival.Core.Decoding;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Sinks;

/// <summary>
/// One analyzed TCP packet, as handed to the sinks. Sequence numbers are relative, as Wireshark shows them;
/// <see cref="RelativeTimeNs"/> counts from the file's first packet (frame.time_relative);
/// <see cref="Window"/> is the raw field and <see cref="WindowScaled"/> applies the handshake's scale factor when known.
/// </summary>
public readonly record struct PacketRecord(
    long Frame,
    long TimeNs,
    long RelativeTimeNs,
    Connection Connection,
    bool FromClient,
    TcpFlags Flags,
    uint RelativeSeq,
    uint RelativeAck,
    int PayloadLength,
    ushort Window,
    uint WindowScaled,
    AnalysisFlags Analysis,
    int DuplicateAckNumber);
