namespace PcapSurvival.Reporting.Plot;

/// <summary>
/// What a time-sequence graph draws, as kept while the capture streams by: times in capture nanoseconds, sequence
/// numbers relative to the data's sender (as Wireshark shows them), so 4 bytes each.
/// </summary>
/// <param name="Segments">Data segments (or more than one, once decimated) this bar stands for.</param>
internal readonly record struct SegmentBar(long TimeNs, uint SeqLow, uint SeqHigh, int Segments);

internal enum RetransmissionKind : byte
{
    Timeout,
    Fast,
    Spurious,
}

internal readonly record struct RetransmissionMark(long TimeNs, uint Seq, uint SeqEnd, RetransmissionKind Kind);

/// <summary>An ACK from the other side: what it acknowledged and the right edge of the window it offered.</summary>
internal readonly record struct AckPoint(long TimeNs, uint Ack, uint WindowEdge);

internal readonly record struct SackMark(long TimeNs, uint Left, uint Right);

/// <summary>A RST or FIN sent by the data's sender, at its sequence number.</summary>
internal readonly record struct EndMark(long TimeNs, uint Seq, bool Reset);
