using PcapSurvival.Core.Reading;

namespace PcapSurvival.Core.Pipeline;

/// <summary>A block of decoded packets handed from the reading thread to the analysing one; reused, never reallocated.</summary>
internal sealed class PacketBatch
{
    public const int Capacity = 8192;

    public DecodedPacket[] Packets { get; } = new DecodedPacket[Capacity];

    public int Count { get; set; }

    /// <summary>Set on the batch that ends the input, with how it ended.</summary>
    public ReadStatus? End { get; set; }
}
