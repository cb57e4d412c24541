using PcapSurvival.Core.Reading;

namespace PcapSurvival.Core.Pipeline;

/// <summary>A block of decoded packets handed from the reading thread to the analysing ones; reused, never reallocated.</summary>
internal sealed class PacketBatch(bool split)
{
    public const int Capacity = 8192;

    public DecodedPacket[] Packets { get; } = new DecodedPacket[Capacity];

    /// <summary>
    /// When the connections are split between analysers: which one each packet is for, and its time. An analyser
    /// reads these few bytes of the others' packets, not the whole decoded packet.
    /// </summary>
    public byte[] Analysers { get; } = split ? new byte[Capacity] : [];

    public long[] TimesNs { get; } = split ? new long[Capacity] : [];

    public int Count { get; set; }

    /// <summary>Analysers still working on this batch; the last one gives it back to the reader.</summary>
    public int Pending;

    /// <summary>Set on the batch that ends the input, with how it ended.</summary>
    public ReadStatus? End { get; set; }
}
