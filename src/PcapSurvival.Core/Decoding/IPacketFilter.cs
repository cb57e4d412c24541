using PcapSurvival.Core.Reading;

namespace PcapSurvival.Core.Decoding;

/// <summary>Decides whether a packet takes part in the analysis (a BPF program, for -f).</summary>
public interface IPacketFilter
{
    bool Matches(LinkType linkType, ReadOnlySpan<byte> frame, int originalLength);
}
